package dev.orchard.ops.config;

/** Strict dotted-quad IPv4 parsing and formatting (no host names, no DNS lookups at load time). */
public final class Ipv4 {

    private Ipv4() {
    }

    /** The address as a 32-bit int; the exception says what an address looks like. */
    public static int parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(text);
        }
        int v = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                throw invalid(text);
            }
            v = (v << 8) | Integer.parseInt(p);
        }
        return v;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 address (four numbers 0-255, e.g. 10.20.0.5)");
    }
}
