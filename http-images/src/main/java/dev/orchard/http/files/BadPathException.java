package dev.orchard.http.files;

/** A request path we refuse before touching the disk (answered 400). */
public final class BadPathException extends Exception {

    public BadPathException(String message) {
        super(message, null, false, false);
    }
}
