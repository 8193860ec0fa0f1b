package dev.orchard.ops.reload;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.metrics.MicrometerOpsMetrics;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import dev.orchard.ops.spi.ReloadOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReloadTest {

    private static final String MAC = "00:1b:63:84:45:e6";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Path main;
    private SnapshotHolder holder;

    @BeforeEach
    void setUp() throws Exception {
        ((Logger) LoggerFactory.getLogger(SnapshotHolder.class)).addAppender(log);
        log.start();
        main = dir.resolve("orchard.yaml");
        Files.createDirectories(dir.resolve("policies.d"));
        write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "Lab Restore"));
        holder = SnapshotHolder.load(main, () -> ConfigLoader.Options.DEFAULTS, new MicrometerOpsMetrics(registry));
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(SnapshotHolder.class)).detachAppender(log);
    }

    private static String rule(String name, String nbi) {
        return "workflows:\n  - name: w\n    steps: [{type: localize, timezone: UTC}]\n"
                + "policies:\n  - name: " + name + "\n    nbi: " + nbi + "\n    action: thin\n    workflow: w\n";
    }

    private String nbiFor(ConfigSnapshot s) {
        return PolicyEvaluator.decide(s, MachineIdentity.parse(MAC, null, null, null)).nbi();
    }

    private double reloads(ReloadOutcome o) {
        return registry.get("orchard.config.reloads").tag("result", o.tag()).counter().count();
    }

    @Test
    void reloadSwapsAGoodChangeAndKeepsServingOnABrokenOne() throws Exception {
        ConfigSnapshot first = holder.current();
        assertThat(holder.reload().outcome()).isEqualTo(ReloadOutcome.UNCHANGED);

        write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "New Restore"));
        ReloadResult applied = holder.reload();
        assertThat(applied.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(nbiFor(holder.current())).isEqualTo("New Restore");
        // a request that took the old snapshot keeps a complete, consistent view
        assertThat(nbiFor(first)).isEqualTo("Lab Restore");

        write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "Broken") + "    image: nope\n");
        ReloadResult rejected = holder.reload();
        assertThat(rejected.outcome()).isEqualTo(ReloadOutcome.REJECTED);
        assertThat(rejected.problems()).anySatisfy(p -> assertThat(p.toString()).contains("orchard.yaml:6:5"));
        assertThat(nbiFor(holder.current())).isEqualTo("New Restore");
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("ERROR");
            assertThat(e.getFormattedMessage()).contains("reload rejected").contains("orchard.yaml:6:5")
                    .contains("image: does not apply to action thin");
        });
        assertThat(reloads(ReloadOutcome.APPLIED)).isEqualTo(1);
        assertThat(reloads(ReloadOutcome.REJECTED)).isEqualTo(1);
        assertThat(reloads(ReloadOutcome.UNCHANGED)).isEqualTo(1);
    }

    @Test
    void fileChangesAreNoticedDebouncedAndNewIncludedFilesCount() throws Exception {
        try (ConfigWatcher watcher = ConfigWatcher.start(holder, Duration.ofMillis(150))) {
            write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "Edited Restore"));
            await(() -> "Edited Restore".equals(nbiFor(holder.current())), "edit applied");

            // a new file in an included folder: its rule comes first (included files before the main file)
            write(dir.resolve("policies.d/10-one-mac.yaml"), "policies:\n  - name: one\n    match: {mac: " + MAC
                    + "}\n    action: none\n");
            await(() -> nbiFor(holder.current()) == null, "new included file applied");

            // a broken edit is rejected and counted; the running policy stays
            write(dir.resolve("policies.d/10-one-mac.yaml"), "policies:\n  - name: one\n    match: {mac: nope}\n"
                    + "    action: none\n");
            await(() -> reloads(ReloadOutcome.REJECTED) >= 1, "broken edit rejected");
            assertThat(nbiFor(holder.current())).isNull();
            assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("10-one-mac.yaml:3:18").contains("'nope' is not a MAC address"));

            // a burst of writes is one reload
            double before = reloads(ReloadOutcome.APPLIED) + reloads(ReloadOutcome.REJECTED)
                    + reloads(ReloadOutcome.UNCHANGED);
            for (int i = 0; i < 5; i++) {
                write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "Burst " + i));
            }
            Files.delete(dir.resolve("policies.d/10-one-mac.yaml"));
            await(() -> "Burst 4".equals(nbiFor(holder.current())), "burst applied");
            Thread.sleep(600);
            double after = reloads(ReloadOutcome.APPLIED) + reloads(ReloadOutcome.REJECTED)
                    + reloads(ReloadOutcome.UNCHANGED);
            assertThat(after - before).isBetween(1.0, 2.0);
        }
    }

    @Test
    void sighupReloads() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "SIGHUP test needs Linux kill");
        boolean installed = HangupSignal.install(holder::reload);
        assumeTrue(installed, "sun.misc.Signal is not available in this JVM");
        write(main, "include: [\"policies.d/*.yaml\"]\n" + rule("lab", "Hup Restore"));
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        await(() -> "Hup Restore".equals(nbiFor(holder.current())), "SIGHUP reload");
        assertThat(reloads(ReloadOutcome.APPLIED)).isEqualTo(1);
    }

    private static void write(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        // editors save by rename; the watcher must see that too
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(25);
        }
    }
}
