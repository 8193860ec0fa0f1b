package dev.orchard.http.spi;

/** Why an admin API request with a bearer token was refused: a closed set, used as a metrics tag (never the IP). */
public enum AdminLoginFailure {
    /** The token presented is not the admin token (403). */
    WRONG_TOKEN,
    /** The client address failed too often recently and is refused without looking at its token (429). */
    THROTTLED
}
