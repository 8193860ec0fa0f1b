package dev.orchard.ops.config;

import java.util.regex.Pattern;

/**
 * A model identifier ({@code iMac18,1}) or a glob over them ({@code iMac18,*}, {@code Mac*}). Only
 * {@code *} is a wildcard (any run of characters): with {@code *} alone, "pattern A covers pattern B"
 * is decidable by matching B's text against A, which is how unreachable rules are found at load time.
 * Matching is exact in case, as Apple's identifiers are.
 */
public record ModelPattern(String glob) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9,*]+");

    public ModelPattern {
        if (!ALLOWED.matcher(glob).matches()) {
            throw new IllegalArgumentException("'" + glob + "' is not a model identifier or glob; use letters, digits,"
                    + " commas and * only, e.g. iMac18,1 or iMac18,*");
        }
    }

    public static ModelPattern parse(String text) {
        return new ModelPattern(text.trim());
    }

    public boolean isGlob() {
        return glob.indexOf('*') >= 0;
    }

    public boolean matches(String model) {
        return globMatches(glob, 0, model, 0);
    }

    /**
     * True when every model this pattern matches, {@code other} matches too. Sound for {@code *}-only
     * globs: the literal characters of this pattern must be found in order in the other's text, and the
     * other's {@code *}s can only be absorbed by this pattern's {@code *}s.
     */
    public boolean covers(ModelPattern narrower) {
        return matches(narrower.glob);
    }

    private static boolean globMatches(String g, int gi, String s, int si) {
        // iterative wildcard matching with a single backtrack point (classic two-pointer algorithm)
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (gi < g.length() && g.charAt(gi) != '*' && g.charAt(gi) == s.charAt(si)) {
                gi++;
                si++;
            } else if (gi < g.length() && g.charAt(gi) == '*') {
                star = gi++;
                mark = si;
            } else if (star >= 0) {
                gi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (gi < g.length() && g.charAt(gi) == '*') {
            gi++;
        }
        return gi == g.length();
    }

    @Override
    public String toString() {
        return glob;
    }
}
