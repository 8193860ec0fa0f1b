package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One workflow step. The contract has five types; each uses a subset of the fields:
 * {@code package} and {@code profile} (url, sha256, size), {@code script} (content, interpreter,
 * timeoutSeconds), {@code computer_name} (value), {@code localize} (locale, language, timezone, keyboard).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowStep(String type, String name, String url, String sha256, Long size, String content,
                           String interpreter, Integer timeoutSeconds, String value, String locale,
                           String language, String timezone, String keyboard) {

    /** Scripts without {@code timeoutSeconds} get ten minutes, as in the contract's example. */
    public static final int DEFAULT_SCRIPT_TIMEOUT_SECONDS = 600;

    /** The five step types of the contract. */
    public enum Kind { PACKAGE, SCRIPT, PROFILE, COMPUTER_NAME, LOCALIZE }

    public Kind kind() {
        if (type == null) {
            throw new PlanException("a workflow step has no type");
        }
        return switch (type) {
            case "package" -> Kind.PACKAGE;
            case "script" -> Kind.SCRIPT;
            case "profile" -> Kind.PROFILE;
            case "computer_name" -> Kind.COMPUTER_NAME;
            case "localize" -> Kind.LOCALIZE;
            default -> throw new PlanException("workflow step type '" + type
                    + "' is not one this agent knows (package, script, profile, computer_name, localize)");
        };
    }

    /** {@code type:name}, the {@code step} field of events. */
    public String label() {
        return type + ":" + (name == null ? "" : name);
    }

    /** The downloadable part of a package or profile step. */
    public PayloadRef payload() {
        return new PayloadRef(url, sha256, size);
    }

    public int timeoutOrDefault() {
        return timeoutSeconds == null || timeoutSeconds <= 0 ? DEFAULT_SCRIPT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    void validate() {
        Kind kind = kind();
        if (name == null || name.isBlank()) {
            throw new PlanException("a " + type + " step has no name");
        }
        switch (kind) {
            case PACKAGE, PROFILE -> payload().validate("step " + label());
            case SCRIPT -> {
                if (content == null) {
                    throw new PlanException("step " + label() + " has no content");
                }
            }
            case COMPUTER_NAME -> {
                if (value == null || value.isBlank()) {
                    throw new PlanException("step " + label() + " has no value");
                }
            }
            case LOCALIZE -> {
                if (locale == null && language == null && timezone == null && keyboard == null) {
                    throw new PlanException("step " + label() + " sets nothing (locale, language, timezone, keyboard)");
                }
            }
        }
    }
}
