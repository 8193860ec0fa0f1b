package dev.orchard.http.spi;

/** Why a multicast stream stopped (a metric tag). */
public enum MulticastStop {
    /** No receiver announced itself within the idle time. */
    IDLE,
    /** The image could not be read (changed, removed, I/O error). */
    IMAGE_ERROR,
    /** The server is shutting down. */
    SHUTDOWN
}
