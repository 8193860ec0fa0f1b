package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Objects;

/**
 * One step of a thin workflow, written with a {@code "type"} discriminator as in docs/agent-api.md. The server
 * has already substituted {@code {serial}}, {@code {model}}, {@code {mac}} and {@code {name}} in every string.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkflowStep.Package.class, name = "package"),
        @JsonSubTypes.Type(value = WorkflowStep.Script.class, name = "script"),
        @JsonSubTypes.Type(value = WorkflowStep.Profile.class, name = "profile"),
        @JsonSubTypes.Type(value = WorkflowStep.ComputerName.class, name = "computer_name"),
        @JsonSubTypes.Type(value = WorkflowStep.Localize.class, name = "localize"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface WorkflowStep {

    /** The step's name, unique within its workflow; events name a step as {@code type:name}. */
    String name();

    /** An installer package ({@code .pkg}). */
    record Package(String name, String url, String sha256, long size) implements WorkflowStep {
        public Package {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
        }
    }

    /** A script run by {@code interpreter} (null: the shebang) with a time limit. */
    record Script(String name, String content, String interpreter, Integer timeoutSeconds) implements WorkflowStep {
        public Script {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A configuration profile ({@code .mobileconfig}). */
    record Profile(String name, String url, String sha256, long size) implements WorkflowStep {
        public Profile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
        }
    }

    /** Sets the computer name. */
    record ComputerName(String name, String value) implements WorkflowStep {
        public ComputerName {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Locale, language, time zone and keyboard layout. */
    record Localize(String name, String locale, String language, String timezone, String keyboard)
            implements WorkflowStep {
        public Localize {
            Objects.requireNonNull(name, "name");
        }
    }
}
