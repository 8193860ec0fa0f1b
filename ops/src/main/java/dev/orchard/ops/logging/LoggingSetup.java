package dev.orchard.ops.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.orchard.ops.config.ObservabilitySettings;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Applies the {@code logging:} settings (or {@code --log-format}) to Logback: the shipped
 * {@code logback.xml} has a text and a JSON console appender (logstash-logback-encoder, one object per
 * line) and picks one by the property {@value #FORMAT_PROPERTY}; the level of Orchard's loggers comes
 * from {@value #LEVEL_PROPERTY}.
 */
public final class LoggingSetup {

    public static final String FORMAT_PROPERTY = "orchard.log.format";
    public static final String LEVEL_PROPERTY = "orchard.log.level";
    private static final String CONFIG = "logback.xml";

    private LoggingSetup() {
    }

    /** Reconfigures Logback; returns false when Logback is not the SLF4J binding (nothing changed). */
    public static boolean apply(ObservabilitySettings.Logging settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        URL config = LoggingSetup.class.getClassLoader().getResource(CONFIG);
        if (config == null) {
            return false;
        }
        context.reset();
        context.putProperty(FORMAT_PROPERTY, settings.format().name().toLowerCase(java.util.Locale.ROOT));
        context.putProperty(LEVEL_PROPERTY, settings.level());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
            return true;
        } catch (JoranException e) {
            throw new IllegalStateException("cannot apply the logging configuration " + config, e);
        }
    }
}
