package dev.orchard.http.spi;

/** The verdict on a machine token: valid for this MAC, or not (answered 403). */
public enum TokenCheck {
    VALID,
    /** Well-formed and genuine, but minted for another machine. */
    OTHER_MACHINE,
    /** Forged, expired or unknown. */
    INVALID
}
