package dev.orchard.http.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The lab page's login sessions: a browser exchanges the admin token once (docs/lab-page.md, "Access") for
 * a random session id, kept in an HttpOnly cookie, and a CSRF token of its own that every POST must echo in
 * a header (OWASP CSRF cheat sheet, "synchronizer token pattern"). Sessions end {@link #LIFETIME} after the
 * login, at logout, or when the server restarts (they live in memory only: a restart asks for the token
 * again). At most {@link #MAX_SESSIONS} are kept, the oldest dropped first, so logins cannot exhaust memory.
 * Thread-safe.
 */
public final class PageSessions {

    public static final Duration LIFETIME = Duration.ofHours(8);
    static final int MAX_SESSIONS = 256;

    /** One logged-in browser. */
    public record Session(String id, String csrf, long createdMillis, long expiresMillis) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LongSupplier millis;

    /** @param millis the wall clock in milliseconds, {@code System::currentTimeMillis} */
    public PageSessions(LongSupplier millis) {
        this.millis = millis;
    }

    /** A new session for a browser that presented the admin token. */
    public Session create() {
        long now = millis.getAsLong();
        Session s = new Session(randomToken(), randomToken(), now, now + LIFETIME.toMillis());
        synchronized (this) {
            sessions.values().removeIf(old -> old.expiresMillis() <= now);
            while (sessions.size() >= MAX_SESSIONS) {
                sessions.values().stream().min(Comparator.comparingLong(Session::createdMillis))
                        .ifPresent(oldest -> sessions.remove(oldest.id()));
            }
            sessions.put(s.id(), s);
        }
        return s;
    }

    /** The live session with this id. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expiresMillis() <= millis.getAsLong()) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Whether {@code session} is still live (the event stream asks before each write). */
    public boolean live(Session session) {
        return find(session.id()).isPresent();
    }

    public void end(Session session) {
        sessions.remove(session.id());
    }

    /** Whether the token presented with a POST is this session's; constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && BearerTokens.constantTimeEquals(presented, session.csrf());
    }

    int size() {
        return sessions.size();
    }

    /** 256 random bits, URL-safe: a session id, a CSRF token, a login form's token. */
    static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
