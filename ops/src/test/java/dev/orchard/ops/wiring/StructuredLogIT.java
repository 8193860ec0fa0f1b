package dev.orchard.ops.wiring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.agent.AgentResult;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON log of a real flow carries its facts as top-level fields: a Mac netboots (BSDP SELECT), fetches its
 * booter over TFTP, the real agent restores it (plan, stage events), and the configuration is reloaded; every
 * line is encoded by the production JSON encoder (logstash-logback-encoder's {@code LogstashEncoder}, as
 * {@code logback.xml} configures it) and parsed back: mac, stage, result, policy, action, image, run id, bytes,
 * duration are there with the right values, and the message stays the readable sentence of the text format.
 */
class StructuredLogIT {

    private static final String MAC = "02:00:0e:00:00:01";

    @TempDir
    Path dir;

    @Test
    void theKeyLinesOfARealFlowCarryTheirFieldsInJson() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("structured-log-it");
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        ch.qos.logback.classic.Logger orchard = context.getLogger("dev.orchard");
        Level before = orchard.getLevel();
        orchard.setLevel(Level.INFO);
        orchard.addAppender(appender);
        long booterBytes;
        String runId;
        try (ServeFixture f = ServeFixture.start(dir.resolve("lab"))) {
            SelectAck ack;
            try (BsdpClient bsdp = f.bsdpClient(Duration.ofSeconds(5), 5)) {
                ack = bsdp.boot(ServeFixture.mac(MAC, ServeFixture.RESTORE_MODEL)).get(60, TimeUnit.SECONDS);
            }
            try (TftpClient tftp = new TftpClient()) {
                tftp.fetchAndWait(FetchRequest.of(f.server.tftpAddress(), ack.bootFile(), TransferSink.discard()), 30,
                        TimeUnit.SECONDS);
            }
            booterBytes = Files.size(f.nbiFile("i386/booter"));
            AgentResult restored = AgentRuns.run(f, MAC, "C02LOGS00001", ServeFixture.RESTORE_MODEL,
                    dir.resolve("restore.disk"), dir.resolve("work")).get(180, TimeUnit.SECONDS);
            assertThat(restored.ok()).as(restored.summary()).isTrue();
            runId = f.server.journal().machine(dev.orchard.ops.config.MacAddress.parse(MAC)).orElseThrow().runId();
            Path policies = f.dir.resolve("conf.d/policies.yaml");
            Files.writeString(policies, Files.readString(policies) + "\n# touched by StructuredLogIT\n");
            assertThat(f.post("/api/v1/admin/reload", f.adminToken(), "").statusCode()).isEqualTo(200);
        } finally {
            orchard.detachAppender(appender);
            orchard.setLevel(before);
            appender.stop();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(ServeFixture.JSON.readTree(line));
            }
        }

        JsonNode select = one(lines, l -> l.path("message").asText().startsWith("BSDP SELECT " + MAC));
        assertThat(select.path("mac").asText()).isEqualTo(MAC);
        assertThat(select.path("bsdp").asText()).isEqualTo("select");
        assertThat(select.path("model").asText()).isEqualTo(ServeFixture.RESTORE_MODEL);
        assertThat(select.path("policy").asText()).isEqualTo("imacs-restore");
        assertThat(select.path("action").asText()).isEqualTo("restore");
        assertThat(select.path("offered").asBoolean()).isTrue();
        assertThat(select.path("nbi").asText()).isNotBlank();

        JsonNode sent = one(lines, l -> l.path("message").asText().startsWith("sent ")
                && l.path("file").asText().endsWith("i386/booter"));
        assertThat(sent.path("bytes").asLong()).isEqualTo(booterBytes);
        assertThat(sent.path("duration_ms").isNumber()).isTrue();
        assertThat(sent.path("peer").asText()).contains("127.0.0.1");

        JsonNode plan = one(lines, l -> l.path("message").asText().startsWith("plan for " + MAC));
        assertThat(plan.path("mac").asText()).isEqualTo(MAC);
        assertThat(plan.path("serial").asText()).isEqualTo("C02LOGS00001");
        assertThat(plan.path("action").asText()).isEqualTo("restore");
        assertThat(plan.path("policy").asText()).isEqualTo("imacs-restore");
        assertThat(plan.path("image").asText()).isEqualTo("lab-base.img");
        assertThat(plan.path("run_id").asText()).isEqualTo(runId);

        List<JsonNode> agent = lines.stream().filter(l -> l.path("message").asText().startsWith("agent " + MAC)).toList();
        assertThat(agent).isNotEmpty().allSatisfy(l -> {
            assertThat(l.path("mac").asText()).isEqualTo(MAC);
            assertThat(l.path("run_id").asText()).isEqualTo(runId);
            assertThat(l.path("message").asText()).contains(l.path("stage").asText()).contains(l.path("result").asText());
        });
        assertThat(agent).anySatisfy(l -> {
            assertThat(l.path("stage").asText()).isEqualTo("restore");
            assertThat(l.path("result").asText()).isEqualTo("succeeded");
        });
        assertThat(agent).anySatisfy(l -> assertThat(l.path("stage").asText()).isEqualTo("done"));

        JsonNode reload = one(lines, l -> l.path("message").asText().startsWith("configuration reloaded"));
        assertThat(reload.path("reload").asText()).isEqualTo("applied");
        assertThat(reload.path("policies").asInt()).isPositive();
        assertThat(reload.path("files").asInt()).isPositive();
    }

    private static JsonNode one(List<JsonNode> lines, Predicate<JsonNode> which) {
        List<JsonNode> found = lines.stream().filter(which).toList();
        assertThat(found).as("matching log lines").isNotEmpty();
        return found.get(0);
    }
}
