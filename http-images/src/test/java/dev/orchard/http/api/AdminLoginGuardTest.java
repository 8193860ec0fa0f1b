package dev.orchard.http.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.AdminPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AdminEndpoints#authorise} with its {@link AdminLoginGuard}, on a clock the test moves. */
class AdminLoginGuardTest {

    private static final String TOKEN = "the-real-admin-token-0123456789";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<AdminLoginFailure, Integer> counted = new EnumMap<>(AdminLoginFailure.class);
    private final AdminLoginGuard guard = new AdminLoginGuard(reason -> counted.merge(reason, 1, Integer::sum), now::get);
    private final AdminEndpoints admin = new AdminEndpoints(AdminPort.NONE, Optional.of(TOKEN), guard);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        logger().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger().detachAppender(log);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(AdminLoginGuard.class);
    }

    private int status(String client, String token) throws Exception {
        try {
            admin.authorise(new ApiRequest("GET", List.of("api", "v1", "machines"), Map.of(),
                    Optional.of("Bearer " + token), Map.of(), new byte[0], InetAddress.getByName(client)));
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    void tenWrongTokensBlockTheAddressNotTheOthers() throws Exception {
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(status("10.0.0.9", "guess-" + i));
        }
        assertThat(answers.subList(0, AdminLoginGuard.MAX_FAILURES)).containsOnly(403);
        assertThat(answers.subList(AdminLoginGuard.MAX_FAILURES, 20)).containsOnly(429);
        assertThat(counted).containsEntry(AdminLoginFailure.WRONG_TOKEN, 10).containsEntry(AdminLoginFailure.THROTTLED, 10);
        // the right token from the blocked address is not even compared; from another address it works
        assertThat(status("10.0.0.9", TOKEN)).isEqualTo(429);
        assertThat(status("10.0.0.10", TOKEN)).isEqualTo(200);

        assertThatThrownBy(() -> admin.authorise(new ApiRequest("GET", List.of("api"), Map.of(),
                Optional.of("Bearer " + TOKEN), Map.of(), new byte[0], InetAddress.getByName("10.0.0.9"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.headers().get("Retry-After"))
                        .isEqualTo(Long.toString(AdminLoginGuard.BLOCK_SECONDS)));
        now.addAndGet(TimeUnit.SECONDS.toNanos(AdminLoginGuard.BLOCK_SECONDS - 1));
        assertThat(status("10.0.0.9", TOKEN)).isEqualTo(429);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(status("10.0.0.9", TOKEN)).as("after the block").isEqualTo(200);
        assertThat(status("10.0.0.9", "guess-after")).as("a fresh start after a success").isEqualTo(403);
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteAreNotABlock() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(status("10.0.0.11", "slow-guess-" + i)).as("attempt %d", i).isEqualTo(403);
            now.addAndGet(TimeUnit.SECONDS.toNanos(7)); // 9 failures per minute at most
        }
    }

    @Test
    void logLinesAreBoundedAndSayWhatWasLeftOut() throws Exception {
        for (int i = 0; i < 200; i++) {
            status("10.1." + (i / 250) + "." + (i % 250 + 1), "guess"); // 200 addresses, one failure each
        }
        assertThat(log.list).hasSize(AdminLoginGuard.LOG_LINES_PER_WINDOW);
        assertThat(log.list.get(0).getFormattedMessage()).contains("wrong admin token from 10.1.0.1 (1 failure");
        now.addAndGet(TimeUnit.SECONDS.toNanos(AdminLoginGuard.WINDOW_SECONDS + 1));
        status("10.2.0.1", "guess");
        assertThat(log.list).hasSize(AdminLoginGuard.LOG_LINES_PER_WINDOW + 1);
        assertThat(log.list.get(AdminLoginGuard.LOG_LINES_PER_WINDOW).getFormattedMessage())
                .contains("190 more failed admin logins were not logged");
        assertThat(counted).containsEntry(AdminLoginFailure.WRONG_TOKEN, 201);
    }

    @Test
    void manyAddressesCannotGrowTheTableBeyondItsBound() throws Exception {
        for (int i = 0; i < AdminLoginGuard.MAX_CLIENTS * 3; i++) {
            status("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "guess");
        }
        assertThat(guard.tracked()).isEqualTo(AdminLoginGuard.MAX_CLIENTS);
    }

    @Test
    void anIpv6HostCountsByItsSlash64() throws Exception {
        for (int i = 1; i <= AdminLoginGuard.MAX_FAILURES; i++) {
            status("2001:db8:1:2::" + Integer.toHexString(i), "guess"); // ten addresses of one /64
        }
        assertThat(status("2001:db8:1:2::ffff", TOKEN)).isEqualTo(429);
        assertThat(status("2001:db8:1:3::1", TOKEN)).as("the next /64").isEqualTo(200);
    }
}
