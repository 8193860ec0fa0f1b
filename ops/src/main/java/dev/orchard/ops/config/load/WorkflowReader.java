package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Workflow;
import dev.orchard.ops.config.WorkflowStep;
import dev.orchard.ops.config.yaml.MapReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code workflows:} and their steps; a script {@code file} is read here, at load. */
final class WorkflowReader {

    /** A script is sent inside the plan; anything bigger belongs in a package. */
    static final int MAX_SCRIPT_BYTES = 256 * 1024;
    private static final List<String> TYPES = List.of("package", "script", "profile", "computer_name", "localize",
            "include");

    private final Path dir;

    WorkflowReader(Path dir) {
        this.dir = dir;
    }

    List<Workflow> readAll(MapReader top) {
        return top.objects("workflows", this::workflow);
    }

    private Workflow workflow(MapReader r) {
        r.require("name", "the name policies use");
        r.require("steps", "the ordered list of steps");
        String name = r.value("name", ValueRules::name);
        String description = r.string("description");
        List<WorkflowStep> steps = new ArrayList<>();
        List<MapReader> stepReaders = r.objects("steps", s -> s);
        for (int i = 0; i < stepReaders.size(); i++) {
            WorkflowStep step = step(stepReaders.get(i), i + 1);
            if (step != null) {
                steps.add(step);
            }
        }
        r.finish();
        return name == null ? null : new Workflow(name, description, steps, r.at());
    }

    private WorkflowStep step(MapReader r, int index) {
        if (!r.require("type", "one of " + String.join(", ", TYPES))) {
            return null;
        }
        String type = r.string("type");
        if (type == null || !TYPES.contains(type.trim())) {
            r.problems().error(r.at("type"), r.path() + ".type: '" + type + "' is not a step type; expected one of: "
                    + String.join(", ", TYPES));
            return null;
        }
        WorkflowStep step = switch (type.trim()) {
            case "package" -> packageStep(r);
            case "profile" -> profileStep(r);
            case "script" -> script(r, index);
            case "computer_name" -> computerName(r);
            case "localize" -> localize(r);
            default -> include(r);
        };
        r.finish();
        return step;
    }

    private WorkflowStep packageStep(MapReader r) {
        Remote p = remote(r, "package");
        return p == null ? null : new WorkflowStep.Package(p.name, p.file, p.url, p.sha256, p.size, r.at());
    }

    private WorkflowStep profileStep(MapReader r) {
        Remote p = remote(r, "profile");
        return p == null ? null : new WorkflowStep.Profile(p.name, p.file, p.url, p.sha256, p.size, r.at());
    }

    private record Remote(String name, String file, String url, String sha256, Long size) {
    }

    private Remote remote(MapReader r, String what) {
        String name = r.value("name", ValueRules::name);
        String file = r.value("file", ValueRules::servedPath);
        String url = r.value("url", ValueRules::httpUrl);
        r.require("sha256", "SHA-256 of the " + what + ", checked by the agent before it installs");
        String sha256 = r.value("sha256", ValueRules::sha256);
        Long size = r.longValue("size", 1, Long.MAX_VALUE);
        if ((r.has("file") == r.has("url"))) {
            r.problems().error(r.at(), r.path() + ": a " + what + " step needs exactly one of file: (inside"
                    + " images.payloads_folder) or url:");
            return null;
        }
        if ((file == null && url == null) || sha256 == null) {
            return null;
        }
        String source = file != null ? file : url.replaceAll("[?#].*$", "");
        return new Remote(name != null ? name : baseName(source), file, url, sha256, size);
    }

    private WorkflowStep script(MapReader r, int index) {
        String name = r.value("name", ValueRules::name);
        String content = r.string("content");
        Path file = r.value("file", text -> dir.resolve(ValueRules.nonBlank(text)).normalize());
        String interpreter = r.value("interpreter", ValueRules::nonBlank);
        Integer timeout = r.integer("timeout_seconds", 1, 86_400);
        if (r.has("content") == r.has("file")) {
            r.problems().error(r.at(), r.path() + ": a script step needs exactly one of content: (inline) or file:");
            return null;
        }
        if (file != null) {
            content = readScript(r, file);
        }
        if (content == null) {
            return null;
        }
        String fallback = file != null ? baseName(file.getFileName().toString()) : "script" + index;
        return new WorkflowStep.Script(name != null ? name : fallback, content, file, interpreter,
                timeout == null ? WorkflowStep.Script.DEFAULT_TIMEOUT_SECONDS : timeout, r.at());
    }

    private static String readScript(MapReader r, Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_SCRIPT_BYTES) {
                r.problems().error(r.at("file"), r.path() + ".file: " + file + " is " + size + " bytes; scripts are"
                        + " limited to " + MAX_SCRIPT_BYTES + " (ship bigger tools as a package)");
                return null;
            }
            return Files.readString(file);
        } catch (IOException e) {
            r.problems().error(r.at("file"), r.path() + ".file: cannot read script " + file + " ("
                    + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static WorkflowStep computerName(MapReader r) {
        String name = r.value("name", ValueRules::name);
        String value = r.value("value", ValueRules::nonBlank);
        return new WorkflowStep.ComputerName(name != null ? name : "computer-name", value, r.at());
    }

    private static WorkflowStep localize(MapReader r) {
        String name = r.value("name", ValueRules::name);
        String locale = r.value("locale", ValueRules::nonBlank);
        String language = r.value("language", ValueRules::nonBlank);
        String timezone = r.value("timezone", ValueRules::nonBlank);
        String keyboard = r.value("keyboard", ValueRules::nonBlank);
        if (locale == null && language == null && timezone == null && keyboard == null) {
            r.problems().error(r.at(), r.path() + ": a localize step needs at least one of locale, language, timezone,"
                    + " keyboard");
            return null;
        }
        return new WorkflowStep.Localize(name != null ? name : "localize", locale, language, timezone, keyboard, r.at());
    }

    private static WorkflowStep include(MapReader r) {
        r.require("workflow", "name of the workflow whose steps go here");
        String workflow = r.value("workflow", ValueRules::name);
        return workflow == null ? null : new WorkflowStep.Include(workflow, r.at());
    }

    /** {@code payloads/munkitools-6.3.pkg} → {@code munkitools-6.3}, made a valid name. */
    static String baseName(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String stem = dot > 0 ? last.substring(0, dot) : last;
        String cleaned = stem.replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase(Locale.ROOT);
        cleaned = cleaned.replaceAll("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "step" : cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

}
