package dev.orchard.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Auto-registered (junit.jupiter.extensions.autodetection.enabled) on every Jupiter test class:
 * after the class, flush Netty's leak detector and fail the class if a new leak was reported, so
 * the failure points at the class that leaked.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        int before = FailingLeakDetector.reports().size();
        LeakFlush.flush();
        List<String> reports = FailingLeakDetector.reports();
        if (reports.size() > before) {
            throw new AssertionError("Netty buffer leak detected after " + context.getDisplayName() + ":\n"
                    + String.join("\n\n", reports.subList(before, reports.size())));
        }
    }
}
