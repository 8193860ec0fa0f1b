package dev.orchard.ops.config;

/**
 * An IPv4 subnet in CIDR form ({@code 10.20.0.0/16}); a bare address is a {@code /32}. Host bits must
 * be zero: {@code 10.20.1.5/16} is rejected with the subnet the admin probably meant, because a typo
 * there silently changes which Macs a rule takes.
 */
public record Cidr(int network, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 0 to 32, got " + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits set in " + Ipv4.format(network) + "/" + prefix);
        }
    }

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        int address = Ipv4.parse(slash < 0 ? t : t.substring(0, slash));
        int prefix = 32;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,2}") || Integer.parseInt(p) > 32) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length; write e.g. 10.20.0.0/16");
            }
            prefix = Integer.parseInt(p);
        }
        int network = address & mask(prefix);
        if (network != address) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                    + Ipv4.format(network) + "/" + prefix + "?");
        }
        return new Cidr(network, prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    /** True when every address of {@code other} is in this subnet. */
    public boolean covers(Cidr other) {
        return prefix <= other.prefix && contains(other.network);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
