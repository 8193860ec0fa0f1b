package dev.orchard.http.server;

import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.HttpPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing the admin token over real HTTP: 20 wrong tokens from 127.0.0.1 are answered 403 ten times, then
 * 429 with Retry-After; the failures are counted by reason and logged in a bounded number of lines; the
 * right token from another address (127.0.0.2, on the same loopback) is still served.
 */
class AdminLoginIT {

    private static final String ADMIN = "admin-token-for-the-login-test-42";

    @TempDir
    Path base;

    @Test
    void twentyWrongTokensFromOneAddressAreThrottledWhileAnotherAddressStillGetsIn() throws Exception {
        Files.createDirectories(base.resolve("images"));
        RecordingHttpMetrics metrics = new RecordingHttpMetrics();
        try (WarningLog log = WarningLog.attach();
             HttpImageServer server = HttpImageServer.start(ServerFixture.config(base).withAdminToken(ADMIN),
                     HttpPorts.standalone().withAdmin(new FakePorts.FixedAdmin()).withMetrics(metrics))) {
            List<RawHttp.Response> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(machines(server.address(), "127.0.0.1", "wrong-token-" + i));
            }
            assertThat(answers.subList(0, 10)).extracting(RawHttp.Response::status).containsOnly(403);
            assertThat(answers.subList(10, 20)).extracting(RawHttp.Response::status).containsOnly(429);
            assertThat(answers.get(19).header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(answers.get(19).text()).contains("\"error\":\"Too Many Requests\"")
                    .contains("too many failed admin logins from this address");
            assertThat(metrics.adminLoginFailures(AdminLoginFailure.WRONG_TOKEN)).isEqualTo(10);
            assertThat(metrics.adminLoginFailures(AdminLoginFailure.THROTTLED)).isEqualTo(10);
            List<String> lines = log.lines().stream().filter(l -> l.contains("wrong admin token")).toList();
            assertThat(lines).hasSizeBetween(1, 10).allMatch(l -> l.contains("from 127.0.0.1"));
            assertThat(lines.get(lines.size() - 1)).contains("refusing this address for");

            assertThat(machines(server.address(), "127.0.0.1", ADMIN).status()).as("blocked address").isEqualTo(429);
            RawHttp.Response other = machines(server.address(), "127.0.0.2", ADMIN);
            assertThat(other.status()).as("another address with the right token").isEqualTo(200);
            assertThat(other.text()).contains("\"machines\"");
        }
    }

    /** {@code GET /api/v1/machines} with a bearer token, from a socket bound to {@code from}. */
    private static RawHttp.Response machines(InetSocketAddress server, String from, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(server, 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("GET /api/v1/machines HTTP/1.1\r\nHost: orchard\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return RawHttp.read(s.getInputStream(), false);
        }
    }
}
