package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One step of a workflow. The {@code type} names are the ones written in YAML and sent to the agent
 * (docs/agent-api.md). Text fields may hold the variables {@code {serial}}, {@code {model}},
 * {@code {mac}} and {@code {name}}, substituted per machine by {@link #substitute}.
 */
public sealed interface WorkflowStep {

    /** The YAML and plan name of the step type ({@code package}, {@code script}, …). */
    String type();

    /** The step's name; {@code type:name} identifies it in progress events. */
    String name();

    SourceLocation at();

    /** The texts that may hold variables (checked at load). */
    List<String> texts();

    /** A copy with {@code f} applied to every text that may hold variables. */
    WorkflowStep substitute(UnaryOperator<String> f);

    /** Install a flat package: {@code file} under the payloads folder, or an absolute http(s) {@code url}. */
    record Package(String name, String file, String url, String sha256, Long size, SourceLocation at)
            implements WorkflowStep {
        public String type() {
            return "package";
        }

        public List<String> texts() {
            return nonNull(url);
        }

        public Package substitute(UnaryOperator<String> f) {
            return new Package(name, file, apply(f, url), sha256, size, at);
        }
    }

    /** Run a script; {@code content} is inline or read from {@code file} at load. */
    record Script(String name, String content, Path file, String interpreter, int timeoutSeconds, SourceLocation at)
            implements WorkflowStep {
        public static final int DEFAULT_TIMEOUT_SECONDS = 600;

        public String type() {
            return "script";
        }

        public List<String> texts() {
            return nonNull(content);
        }

        public Script substitute(UnaryOperator<String> f) {
            return new Script(name, f.apply(content), file, interpreter, timeoutSeconds, at);
        }
    }

    /** Install a configuration profile (.mobileconfig): payloads {@code file} or http(s) {@code url}. */
    record Profile(String name, String file, String url, String sha256, Long size, SourceLocation at)
            implements WorkflowStep {
        public String type() {
            return "profile";
        }

        public List<String> texts() {
            return nonNull(url);
        }

        public Profile substitute(UnaryOperator<String> f) {
            return new Profile(name, file, apply(f, url), sha256, size, at);
        }
    }

    /** Set the computer name; {@code value} null = the policy's computer name. */
    record ComputerName(String name, String value, SourceLocation at) implements WorkflowStep {
        public String type() {
            return "computer_name";
        }

        public List<String> texts() {
            return nonNull(value);
        }

        public ComputerName substitute(UnaryOperator<String> f) {
            return new ComputerName(name, apply(f, value), at);
        }
    }

    /** Language, locale, time zone and keyboard of the installed system. */
    record Localize(String name, String locale, String language, String timezone, String keyboard, SourceLocation at)
            implements WorkflowStep {
        public String type() {
            return "localize";
        }

        public List<String> texts() {
            return nonNull(locale, language, timezone, keyboard);
        }

        public Localize substitute(UnaryOperator<String> f) {
            return new Localize(name, apply(f, locale), apply(f, language), apply(f, timezone), apply(f, keyboard), at);
        }
    }

    /** The steps of another workflow, in place. Flattened at load; a cycle is a load error. */
    record Include(String workflow, SourceLocation at) implements WorkflowStep {
        public String type() {
            return "include";
        }

        public String name() {
            return workflow;
        }

        public List<String> texts() {
            return List.of();
        }

        public Include substitute(UnaryOperator<String> f) {
            return this;
        }
    }

    private static String apply(UnaryOperator<String> f, String text) {
        return text == null ? null : f.apply(text);
    }

    private static List<String> nonNull(String... texts) {
        return Arrays.stream(texts).filter(Objects::nonNull).toList();
    }
}
