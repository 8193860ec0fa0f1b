package dev.orchard.ops.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** After each test: the tests' logging again, since {@code serve} in-process applies the production settings. */
final class RestoreTestLogging implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }
}
