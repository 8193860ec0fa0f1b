package dev.orchard.http.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks one HTTP request the ways clients, proxies and attackers do: flipped, inserted and deleted bytes,
 * truncation, doubled and missing line ends, huge header values, junk values, absurd numbers and hostile
 * request targets. Deterministic for a given {@link Random}.
 */
final class ByteMutator {

    private static final byte[] INTERESTING = {0, '\r', '\n', ' ', '\t', ':', '%', '/', '.', '\\', 0x7f, (byte) 0x80,
            (byte) 0xff, ',', '-', '=', '"', ';', '?', '#', '0', '9'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final String[] NUMBERS = {"-1", "0", "99999999999999999999", "18446744073709551616", "0x10",
            "1e3", " 7", "", "+5", "00000000000000000000001", "2147483648", "9223372036854775807"};
    /** Request targets the adversarial list names (tftp-http.md (b)), plus API and mount edges. */
    private static final String[] TARGETS = {"/images/%2e%2e/a.img", "/images/..%2fa.img", "/images/%252e%252e/a.img",
            "/images/a.img%00", "/images/a\\..\\a.img", "/images/caf%C3%A9.img", "/images/%c0%ae%c0%ae/a.img",
            "/images/%e2%80%ae.img", "/images/%c2%9b.img", "/%", "*", "http://x/images/a.img", "/images/a.img?%zz",
            "/api/v1/machines/..%2f", "/api/v1/plan?mac=%zz", "/api/v1/plan?mac=00:1b:63:84:45:e6&mac=x",
            "/" + "a/".repeat(3000), "/images/a.img/manifest", "/images/nope/manifest", "/NetBoot/NetBootSP0/x",
            "/payloads/../images/a.img", "/healthz", "/metrics", "/readyz", "/api/v1/admin/reload",
            "/api/v1/machines/zz:zz", "/images/", "//images//a.img"};

    private ByteMutator() {
    }

    /** One random mutation of {@code in}. */
    static byte[] mutate(byte[] in, Random r) {
        if (in.length == 0) {
            return new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]};
        }
        int at = r.nextInt(in.length);
        return switch (r.nextInt(13)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                yield out;
            }
            case 1 -> splice(in, at, at + 1, new byte[] {pickByte(r)});
            case 2 -> splice(in, at, at, new byte[] {pickByte(r), pickByte(r)}, 1 + r.nextInt(2));
            case 3 -> splice(in, at, Math.min(in.length, at + 1 + r.nextInt(8)), new byte[0]);
            case 4 -> Arrays.copyOf(in, at);
            case 5 -> atCrlf(in, r, (out, i) -> splice(out, i, i, CRLF));
            case 6 -> atCrlf(in, r, (out, i) -> splice(out, i, i + 2, new byte[0]));
            case 7 -> atCrlf(in, r, (out, i) -> splice(out, i, i + 2, bytes(r.nextBoolean() ? "\n" : "\r")));
            case 8 -> hugeHeader(in, r);
            case 9 -> {
                int len = 1 + r.nextInt(Math.min(64, in.length - at));
                byte[] run = Arrays.copyOfRange(in, at, at + len);
                byte[] copies = new byte[len * (1 + r.nextInt(6))];
                for (int i = 0; i < copies.length; i += len) {
                    System.arraycopy(run, 0, copies, i, len);
                }
                yield splice(in, at, at, copies);
            }
            case 10 -> junkValue(in, r);
            case 11 -> number(in, r);
            default -> target(in, r);
        };
    }

    /** A header of {@code size} bytes right after the request line (431 beyond the header limit). */
    static byte[] hugeHeader(byte[] in, Random r) {
        int[] sizes = {200, 8_100, 16_300, 16_500, 70_000};
        byte[] value = new byte[sizes[r.nextInt(sizes.length)]];
        boolean printable = r.nextInt(4) > 0;
        for (int i = 0; i < value.length; i++) {
            value[i] = printable ? (byte) ('a' + r.nextInt(26)) : (byte) r.nextInt();
        }
        int lineEnd = indexOf(in, CRLF, 0);
        int at = lineEnd < 0 ? in.length : lineEnd + 2;
        byte[] name = bytes(r.nextBoolean() ? "X-Fuzz: " : "Range: bytes=0-");
        byte[] header = new byte[name.length + value.length + 2];
        System.arraycopy(name, 0, header, 0, name.length);
        System.arraycopy(value, 0, header, name.length, value.length);
        System.arraycopy(CRLF, 0, header, header.length - 2, 2);
        return splice(in, at, at, header);
    }

    /** Replaces the value of a random header line with junk. */
    private static byte[] junkValue(byte[] in, Random r) {
        List<Integer> colons = all(in, bytes(": "));
        if (colons.isEmpty()) {
            return mutate(in, r);
        }
        int from = colons.get(r.nextInt(colons.size())) + 2;
        int to = indexOf(in, CRLF, from);
        byte[] junk = new byte[r.nextInt(300)];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = r.nextBoolean() ? (byte) (0x20 + r.nextInt(0x5f)) : pickByte(r);
        }
        return splice(in, from, to < 0 ? in.length : to, junk);
    }

    /** Replaces a run of digits (a size, a range bound, a MAC byte) with an absurd number. */
    private static byte[] number(byte[] in, Random r) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (Character.isDigit(in[i]) && (i == 0 || !Character.isDigit(in[i - 1]))) {
                starts.add(i);
            }
        }
        if (starts.isEmpty()) {
            return mutate(in, r);
        }
        int from = starts.get(r.nextInt(starts.size()));
        int to = from;
        while (to < in.length && Character.isDigit(in[to])) {
            to++;
        }
        return splice(in, from, to, bytes(NUMBERS[r.nextInt(NUMBERS.length)]));
    }

    /** Swaps the request target for a hostile one. */
    private static byte[] target(byte[] in, Random r) {
        int first = indexOf(in, bytes(" "), 0);
        int second = first < 0 ? -1 : indexOf(in, bytes(" "), first + 1);
        if (second < 0) {
            return mutate(in, r);
        }
        return splice(in, first + 1, second, bytes(TARGETS[r.nextInt(TARGETS.length)]));
    }

    private interface AtIndex {
        byte[] apply(byte[] in, int index);
    }

    private static byte[] atCrlf(byte[] in, Random r, AtIndex f) {
        List<Integer> ends = all(in, CRLF);
        return ends.isEmpty() ? mutate(in, r) : f.apply(in, ends.get(r.nextInt(ends.size())));
    }

    private static byte pickByte(Random r) {
        return r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt();
    }

    static byte[] splice(byte[] in, int from, int to, byte[] with) {
        return splice(in, from, to, with, with.length);
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] with, int withLength) {
        byte[] out = new byte[in.length - (to - from) + withLength];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, withLength);
        System.arraycopy(in, to, out, from + withLength, in.length - to);
        return out;
    }

    static int indexOf(byte[] in, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= in.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (in[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<Integer> all(byte[] in, byte[] pattern) {
        List<Integer> at = new ArrayList<>();
        for (int i = indexOf(in, pattern, 0); i >= 0; i = indexOf(in, pattern, i + 1)) {
            at.add(i);
        }
        return at;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
