package dev.orchard.http.spi;

/**
 * Verifies the run token a plan carries, sent back as {@code Authorization: Bearer} with events.
 * Implemented by {@code ops}, which also mints the tokens; implementations compare in constant time.
 * Called on the API worker pool.
 */
@FunctionalInterface
public interface MachineTokens {

    /** Standalone default: no token is valid, so events are refused with 403. */
    MachineTokens REJECT_ALL = (mac, token) -> TokenCheck.refused(TokenCheck.Refusal.INVALID);

    /**
     * @param mac   normalised MAC from the URL
     * @param token the bearer token as sent (never null, may be anything)
     */
    TokenCheck verify(String mac, String token);
}
