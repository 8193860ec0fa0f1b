package dev.orchard.ops.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.ObservabilitySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingSetupTest {

    private final PrintStream original = System.out;

    @AfterEach
    void restore() throws Exception {
        System.setOut(original);
        // back to the test configuration
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    }

    private String logWith(ObservabilitySettings.LogFormat format) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        assertThat(LoggingSetup.apply(new ObservabilitySettings.Logging(format, "debug"))).isTrue();
        LoggerFactory.getLogger("dev.orchard.ops.test").debug("offered {} to {}", "Orchard Restore", "iMac18,1");
        LoggerFactory.getLogger("io.netty.test").info("netty chatter is warn-only");
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textFormat() {
        String out = logWith(ObservabilitySettings.LogFormat.TEXT);
        assertThat(out).contains("DEBUG").contains("offered Orchard Restore to iMac18,1").doesNotContain("netty chatter");
        assertThat(out.trim()).doesNotStartWith("{");
    }

    @Test
    void jsonFormatIsOneObjectPerLine() throws Exception {
        String out = logWith(ObservabilitySettings.LogFormat.JSON);
        String line = out.lines().filter(l -> l.contains("offered")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("offered Orchard Restore to iMac18,1");
        assertThat(json.get("level").asText()).isEqualTo("DEBUG");
        assertThat(json.get("logger_name").asText()).isEqualTo("dev.orchard.ops.test");
        assertThat(json.has("@timestamp")).isTrue();
    }
}
