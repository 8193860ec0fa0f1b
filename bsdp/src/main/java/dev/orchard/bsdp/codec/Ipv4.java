package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses to and from the four network-order bytes DHCP carries; no DNS is ever involved. */
public final class Ipv4 {

    /** 0.0.0.0, the "no address" of every BOOTP header field. */
    public static final Inet4Address ZERO = of(0);

    private Ipv4() {
    }

    public static Inet4Address of(int networkOrder) {
        byte[] b = {(byte) (networkOrder >>> 24), (byte) (networkOrder >>> 16), (byte) (networkOrder >>> 8),
                (byte) networkOrder};
        return of(b, 0);
    }

    public static Inet4Address of(byte[] bytes, int offset) {
        byte[] b = {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** Parses a dotted quad strictly (never a host name, so never a DNS lookup). */
    public static Inet4Address parse(String dotted) {
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not a dotted IPv4 address such as 10.0.0.5");
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + dotted + "' is not a dotted IPv4 address such as 10.0.0.5");
            }
            v = (v << 8) | octet;
        }
        return of(v);
    }

    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    public static boolean isZero(Inet4Address a) {
        return toInt(a) == 0;
    }
}
