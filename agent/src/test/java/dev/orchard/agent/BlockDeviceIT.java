package dev.orchard.agent;

import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** A restore onto a real block device (a loop device over a file; needs root, which CI has). */
@Timeout(120)
class BlockDeviceIT {

    static final String MAC = "00:1b:63:84:45:eb";

    @Test
    void restoresOntoABlockDeviceAndRefusesOneTooSmall(@TempDir Path work) throws Exception {
        Peers.requireRoot("loop devices");
        Peers.require("losetup");
        Path image = Hashes.randomFile(work.resolve("img"), 48L << 20, 21);
        Path backing = work.resolve("disk-backing");
        try (var raf = new java.io.RandomAccessFile(backing.toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        String device = Proc.check(Duration.ofSeconds(30), "losetup", "--find", "--show", backing.toString()).stdout().strip();
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            ServedImage served = server.addImage("img", image, 4 << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));

            AgentResult result = Agent.run(Agents.generic(server.uri(), MAC, work).target(device).build(), Agents.collecting(Agents.lines()));

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(sha256OfPrefix(Path.of(device), 48L << 20)).isEqualTo(served.sha256());
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("O_DIRECT writes"));

            Path big = Hashes.randomFile(work.resolve("big"), 80L << 20, 22);
            server.plan(MAC, Plans.restore(MAC, server.addImage("big", big, 4 << 20), "block"));
            AgentResult tooBig = Agent.run(Agents.generic(server.uri(), MAC, work).target(device).build(), Agents.collecting(Agents.lines()));

            assertThat(tooBig.status()).isEqualTo(ExitStatus.TARGET);
            assertThat(tooBig.message()).contains("target device " + device + " holds 67108864 bytes, the image needs 83886080");
        } finally {
            Proc.run(Duration.ofSeconds(30), "losetup", "-d", device);
        }
    }

    private static String sha256OfPrefix(Path file, long length) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                d.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
