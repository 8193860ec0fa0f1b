package dev.orchard.ops.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of computer-name patterns and workflow steps: {@code {serial}}, {@code {model}},
 * {@code {mac}}, {@code {name}} (the inventory name). Any other {@code {word}} is a load error, so a
 * typo such as {@code {serail}} is caught before a Mac is named "lab-{serail}". Two spellings are
 * left alone so scripts stay writable: {@code ${VAR}} (shell) and {@code {{word}}}, which is written
 * out as a literal {@code {word}}.
 */
public final class Template {

    public static final Set<String> VARIABLES = Set.of("serial", "model", "mac", "name");

    /** {@code {{word}}} (escape) or a {@code {word}} not preceded by {@code $}. */
    private static final Pattern TOKEN = Pattern.compile("\\{\\{([A-Za-z_][A-Za-z0-9_]*)}}|(?<!\\$)\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Template() {
    }

    /** The {@code {word}}s in {@code text} that are not variables, in order of appearance. */
    public static List<String> unknownVariables(String text) {
        List<String> unknown = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(2) != null && !VARIABLES.contains(m.group(2))) {
                unknown.add(m.group(2));
            }
        }
        return unknown;
    }

    /** The variables {@code text} uses. */
    public static Set<String> usedVariables(String text) {
        Set<String> used = new java.util.TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(2) != null) {
                used.add(m.group(2));
            }
        }
        return used;
    }

    /**
     * Substitutes the variables; a variable with no value (null in {@code values}) becomes empty and
     * is added to {@code missing}.
     */
    public static String render(String text, Map<String, String> values, Set<String> missing) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "{" + m.group(1) + "}";
            } else {
                String v = values.get(m.group(2));
                if (v == null) {
                    missing.add(m.group(2));
                    v = "";
                }
                replacement = v;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
