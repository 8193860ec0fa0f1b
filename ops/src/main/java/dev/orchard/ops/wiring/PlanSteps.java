package dev.orchard.ops.wiring;

import dev.orchard.http.spi.PayloadRef;
import dev.orchard.http.spi.WorkflowStep;
import dev.orchard.ops.config.ImageSettings;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the configuration's workflow steps (already flattened and with the machine's variables
 * substituted by the policy evaluator) into the agent API's steps: payload files become URLs under
 * {@code /payloads} with their size, everything else is copied as is.
 */
final class PlanSteps {

    private final Path payloads;

    PlanSteps(Path payloadsFolder) {
        this.payloads = payloadsFolder;
    }

    List<WorkflowStep> convert(List<dev.orchard.ops.config.WorkflowStep> steps) {
        return steps.stream().map(this::convert).toList();
    }

    private WorkflowStep convert(dev.orchard.ops.config.WorkflowStep step) {
        if (step instanceof dev.orchard.ops.config.WorkflowStep.Package p) {
            return new WorkflowStep.Package(p.name(), url(p.file(), p.url()), p.sha256(), size(p.file(), p.size()));
        }
        if (step instanceof dev.orchard.ops.config.WorkflowStep.Profile p) {
            return new WorkflowStep.Profile(p.name(), url(p.file(), p.url()), p.sha256(), size(p.file(), p.size()));
        }
        if (step instanceof dev.orchard.ops.config.WorkflowStep.Script s) {
            return new WorkflowStep.Script(s.name(), s.content(), s.interpreter(), s.timeoutSeconds());
        }
        if (step instanceof dev.orchard.ops.config.WorkflowStep.ComputerName c) {
            return new WorkflowStep.ComputerName(c.name(), c.value() == null ? "" : c.value());
        }
        if (step instanceof dev.orchard.ops.config.WorkflowStep.Localize l) {
            return new WorkflowStep.Localize(l.name(), l.locale(), l.language(), l.timezone(), l.keyboard());
        }
        // include steps are flattened at load; reaching one here is a bug
        throw new IllegalStateException("step type " + step.type() + " cannot be sent to an agent");
    }

    /** A payload file: URL, sha256 and size (from the configuration, else from the file). */
    PayloadRef payload(ImageSettings.PayloadFile file) {
        return new PayloadRef(url(file.file(), null), file.sha256(), size(file.file(), file.size()));
    }

    String url(String file, String absoluteUrl) {
        return file != null ? HttpMounts.PAYLOADS_PREFIX + "/" + encodePath(file) : absoluteUrl;
    }

    /** The configured size, else the file's size now, else 0 (the file is missing: the agent will get 404). */
    long size(String file, Long configured) {
        if (configured != null) {
            return configured;
        }
        if (file == null) {
            return 0;
        }
        try {
            return Files.size(payloads.resolve(file));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Percent-encodes what a URL path cannot hold (spaces, {@code ?}, {@code #}, non-ASCII as UTF-8); '/' stays. */
    static String encodePath(String path) {
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable file path: " + path, e);
        }
    }
}
