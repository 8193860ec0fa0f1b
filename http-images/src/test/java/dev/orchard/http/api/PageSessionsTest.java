package dev.orchard.http.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lab page sessions: a session is found by its id until it expires or ends, the CSRF check takes only the
 * session's own token, ids and tokens are distinct and unguessable in size, and logins cannot grow the table
 * beyond its bound (the oldest go first).
 */
class PageSessionsTest {

    @Test
    void aSessionLivesUntilItExpiresOrEnds() {
        AtomicLong now = new AtomicLong(1_000_000);
        PageSessions sessions = new PageSessions(now::get);
        PageSessions.Session s = sessions.create();
        assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrf());
        assertThat(sessions.find(s.id())).contains(s);
        assertThat(sessions.find("x" + s.id())).isEmpty();
        assertThat(sessions.find(null)).isEmpty();

        now.addAndGet(PageSessions.LIFETIME.toMillis() - 1);
        assertThat(sessions.live(s)).isTrue();
        now.addAndGet(1);
        assertThat(sessions.live(s)).as("expired").isFalse();

        PageSessions.Session t = sessions.create();
        sessions.end(t);
        assertThat(sessions.find(t.id())).as("logged out").isEmpty();
    }

    @Test
    void onlyTheSessionsOwnCsrfTokenPasses() {
        PageSessions sessions = new PageSessions(System::currentTimeMillis);
        PageSessions.Session a = sessions.create();
        PageSessions.Session b = sessions.create();
        assertThat(PageSessions.csrfMatches(a, a.csrf())).isTrue();
        assertThat(PageSessions.csrfMatches(a, b.csrf())).isFalse();
        assertThat(PageSessions.csrfMatches(a, null)).isFalse();
        assertThat(PageSessions.csrfMatches(a, "")).isFalse();
        assertThat(PageSessions.csrfMatches(a, a.id())).isFalse();
    }

    @Test
    void manyLoginsKeepTheTableBoundedDroppingTheOldest() {
        AtomicLong now = new AtomicLong();
        PageSessions sessions = new PageSessions(now::get);
        PageSessions.Session first = sessions.create();
        for (int i = 0; i < PageSessions.MAX_SESSIONS + 50; i++) {
            now.incrementAndGet();
            sessions.create();
        }
        assertThat(sessions.size()).isEqualTo(PageSessions.MAX_SESSIONS);
        assertThat(sessions.find(first.id())).isEmpty();
    }
}
