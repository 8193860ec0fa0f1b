package dev.orchard.ops.cli;

import java.net.BindException;
import java.net.SocketException;
import java.util.Locale;

/**
 * Turns a failed bind into a sentence an admin can act on. Ports below 1024 need root (or
 * CAP_NET_BIND_SERVICE) on Linux and macOS; "address in use" usually means another tftpd,
 * DHCP server or web server already owns the port.
 */
public final class BindFailure {

    private BindFailure() {
    }

    /** True when {@code failure} (or a cause) is a socket bind problem. */
    public static boolean isBindProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof SocketException) {
                return true;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("permission denied") || m.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    public static String explain(String service, String address, int port, Throwable failure) {
        String detail = rootMessage(failure);
        String lower = detail.toLowerCase(Locale.ROOT);
        String where = address + ":" + port;
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            return service + " cannot listen on " + where + ": port " + port
                    + " is privileged and needs root (or CAP_NET_BIND_SERVICE). Run as root, or choose a port"
                    + " above 1023 (--port), e.g. with --unprivileged.";
        }
        if (lower.contains("address already in use")) {
            return service + " cannot listen on " + where + ": the port is already in use by another program"
                    + " (check with `ss -lunp 'sport = :" + port + "'` / `ss -ltnp`).";
        }
        if (lower.contains("cannot assign requested address")) {
            return service + " cannot listen on " + where + ": no local interface has that address.";
        }
        return service + " cannot listen on " + where + ": " + detail;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
