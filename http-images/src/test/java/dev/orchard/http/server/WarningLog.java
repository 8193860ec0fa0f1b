package dev.orchard.http.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects what any logger says at WARN or above while attached (logback is the tests' SLF4J binding): the
 * server logs an escaped exception, a failed lookup or a 500 there, and Netty an exception that reached the
 * pipeline's tail.
 */
final class WarningLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    static WarningLog attach() {
        WarningLog log = new WarningLog();
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.setName("orchard-warnings");
        log.start();
        root().addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
            IThrowableProxy t = e.getThrowableProxy();
            lines.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                    + (t == null ? "" : " (" + t.getClassName() + ": " + t.getMessage() + ")"));
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
