package dev.orchard.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The cases of {@link HttpFuzzIT}: valid requests (ranged, conditional and HEAD file requests, an agent event
 * with a JSON body, plain or chunked, an admin and a plan request), alone or pipelined, then broken by
 * {@link ByteMutator}. Case {@code i} of run seed {@code s} depends on nothing else, so it replays alone.
 */
final class FuzzCases {

    /** What an intact request must get: a status and, when {@code first >= 0}, exactly those file bytes. */
    record Expected(int status, long first, long last) {
        static Expected status(int status) {
            return new Expected(status, -1, -1);
        }
    }

    /**
     * One case: its bytes, and the answers owed to the intact requests that lead them, in order. {@code deep}:
     * it may hold more requests than the server queues (16), and the server may then close at once, owed
     * answers and a response in progress included.
     */
    record Case(int index, String shape, byte[] bytes, List<Expected> owed, boolean mayBeHead,
                boolean waitForServerClose, boolean deep) {
    }

    private record Request(String text, Expected expected) {
    }

    private static final String HOST = "Host: fuzz\r\n";

    private final long size;
    private final String etag;
    private final String lastModified;

    FuzzCases(long size, String etag, String lastModified) {
        this.size = size;
        this.etag = etag;
        this.lastModified = lastModified;
    }

    Case make(long runSeed, int index) {
        Random r = new Random(runSeed * 1_000_003L + index);
        int pick = r.nextInt(100);
        boolean waitForServerClose = index % 40 == 7;
        if (pick < 5) {
            Request q = request(r, true, r.nextBoolean());
            return finish(index, "intact", bytes(q.text()), List.of(q.expected()), waitForServerClose);
        }
        if (pick < 50) {
            return finish(index, "mutated", mutate(bytes(request(r, true, r.nextBoolean()).text()), r, 4), List.of(),
                    waitForServerClose);
        }
        if (pick < 75) {
            return pipeline(r, index, waitForServerClose);
        }
        if (pick < 83) {
            byte[] b = bytes(chunkedEvent(r, true, r.nextBoolean()));
            return finish(index, "bad-chunk", r.nextBoolean() ? b : mutate(b, r, 1), List.of(), waitForServerClose);
        }
        if (pick < 90) {
            byte[] b = ByteMutator.hugeHeader(bytes(request(r, false, true).text()), r);
            return finish(index, "huge-header", b, List.of(), waitForServerClose);
        }
        if (pick < 95) {
            byte[] junk = new byte[1 + r.nextInt(3000)];
            r.nextBytes(junk);
            return finish(index, "random-bytes", junk, List.of(), waitForServerClose);
        }
        String range = randomRange(r);
        return finish(index, "odd-range", bytes("GET /images/a.img HTTP/1.1\r\n" + HOST + "Range: " + range + "\r\n"
                + (r.nextBoolean() ? "If-Range: " + etag + "\r\n" : "") + "Connection: close\r\n\r\n"), List.of(),
                waitForServerClose);
    }

    /** 2–4 requests on one connection; one is broken, the ones before it stay intact and are owed answers. */
    private Case pipeline(Random r, int index, boolean waitForServerClose) {
        int n = 2 + r.nextInt(3);
        int broken = r.nextInt(n);
        List<Expected> owed = new ArrayList<>();
        byte[] all = new byte[0];
        for (int i = 0; i < n; i++) {
            Request q = request(r, false, i == n - 1);
            byte[] b = bytes(q.text());
            if (i == broken) {
                b = mutate(b, r, 3);
            } else if (i < broken) {
                owed.add(q.expected());
            }
            all = ByteMutator.splice(all, all.length, all.length, b);
        }
        return finish(index, "pipeline-" + n + "-broken-" + (broken + 1), all, owed, waitForServerClose);
    }

    private static Case finish(int index, String shape, byte[] bytes, List<Expected> owed, boolean wait) {
        boolean mayBeHead = ByteMutator.indexOf(bytes, ByteMutator.bytes("HEAD"), 0) >= 0;
        boolean deep = ByteMutator.all(bytes, ByteMutator.bytes("HTTP/1.")).size() > 12;
        return new Case(index, shape, bytes, deep ? List.of() : owed, mayBeHead, wait, deep);
    }

    private static byte[] mutate(byte[] b, Random r, int most) {
        int times = 1 + r.nextInt(most);
        for (int i = 0; i < times; i++) {
            b = ByteMutator.mutate(b, r);
        }
        return b;
    }

    /** A valid request and its answer; HEAD only when allowed (its answers have no body to frame). */
    private Request request(Random r, boolean headAllowed, boolean close) {
        String end = (close ? "Connection: close\r\n" : "") + "\r\n";
        String get = "GET /images/a.img HTTP/1.1\r\n" + HOST;
        switch (r.nextInt(headAllowed ? 11 : 10)) {
            case 0, 1 -> {
                long first = r.nextLong(size);
                long last = Math.min(size - 1, first + r.nextInt(70_000));
                String ifRange = switch (r.nextInt(3)) {
                    case 0 -> "";
                    case 1 -> "If-Range: " + etag + "\r\n";
                    default -> "If-Range: " + lastModified + "\r\n";
                };
                return new Request(get + "Range: bytes=" + first + "-" + last + "\r\n" + ifRange + end,
                        new Expected(206, first, last));
            }
            case 2 -> {
                return new Request(get + "Range: bytes=0-99,200-299\r\n" + end, Expected.status(206));
            }
            case 3 -> {
                return new Request(get + "If-None-Match: \"x\", W/" + etag + "\r\n" + end, Expected.status(304));
            }
            case 4 -> {
                return new Request(get + end, new Expected(200, 0, size - 1));
            }
            case 5 -> {
                return new Request(event(r.nextBoolean(), close), Expected.status(202));
            }
            case 6 -> {
                return new Request(chunkedEvent(r, false, close), Expected.status(202));
            }
            case 7 -> {
                return new Request("GET /api/v1/machines HTTP/1.1\r\n" + HOST + "Authorization: Bearer " + ApiIT.ADMIN
                        + "\r\n" + end, Expected.status(200));
            }
            case 8 -> {
                return new Request("GET /api/v1/plan?mac=" + FakePorts.KNOWN_MAC + "&serial=C02XK0AAJG5J HTTP/1.1\r\n"
                        + HOST + end, Expected.status(200));
            }
            case 9 -> {
                return new Request("GET /images/a.img/manifest HTTP/1.1\r\n" + HOST + end, Expected.status(200));
            }
            default -> {
                return new Request("HEAD /images/a.img HTTP/1.1\r\n" + HOST + "If-None-Match: \"x\"\r\n" + end,
                        Expected.status(200));
            }
        }
    }

    /** An agent event with a Content-Length body, optionally announced with {@code Expect: 100-continue}. */
    static String event(boolean expect, boolean close) {
        return eventHead() + "Content-Length: " + ApiIT.EVENT.length() + "\r\n"
                + (expect ? "Expect: 100-continue\r\n" : "") + (close ? "Connection: close\r\n" : "") + "\r\n"
                + ApiIT.EVENT;
    }

    /** The same event with a chunked body; {@code badSize} writes one chunk size wrong or absurd. */
    private static String chunkedEvent(Random r, boolean badSize, boolean close) {
        StringBuilder b = new StringBuilder(eventHead()).append("Transfer-Encoding: chunked\r\n")
                .append(close ? "Connection: close\r\n" : "").append("\r\n");
        String body = ApiIT.EVENT;
        // cut points strictly inside the body: no empty chunk, which would end it early
        int[] cuts = IntStream.concat(r.ints(r.nextInt(4), 1, body.length()).sorted().distinct(),
                IntStream.of(body.length())).toArray();
        int chunks = cuts.length;
        int bad = badSize ? r.nextInt(chunks + 1) : -1;
        for (int i = 0, at = 0; i < chunks; at = cuts[i++]) {
            int len = cuts[i] - at;
            String hex = Integer.toHexString(len);
            String sizeLine = i != bad ? (r.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex) + (r.nextInt(5) == 0
                    ? ";ext=1" : "") : badChunkSize(r, len);
            b.append(sizeLine).append("\r\n").append(body, at, cuts[i]).append("\r\n");
        }
        if (bad != chunks || r.nextBoolean()) {
            b.append(bad == chunks ? badChunkSize(r, 0) : "0").append("\r\n\r\n");
        }
        return b.toString();
    }

    private static String badChunkSize(Random r, int len) {
        String[] bad = {"zz", "-1", "ffffffffffffffff", "7fffffff", "+5", "0x10", "", " ", "1 2",
                Integer.toHexString(len + 1 + r.nextInt(50)), Integer.toHexString(Math.max(0, len - 1)), "\u0000"};
        return bad[r.nextInt(bad.length)];
    }

    private static String eventHead() {
        return "POST /api/v1/machines/" + FakePorts.KNOWN_MAC + "/events HTTP/1.1\r\n" + HOST + "Authorization: Bearer "
                + FakePorts.token(FakePorts.KNOWN_MAC) + "\r\nContent-Type: application/json\r\n";
    }

    /** Range values beyond the mutator's reach: random sets, huge numbers, junk over the header's alphabet. */
    private String randomRange(Random r) {
        StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "BYTES=" : "bytes=");
        int specs = 1 + r.nextInt(r.nextBoolean() ? 3 : 40);
        String alphabet = "0123456789-, \t";
        for (int i = 0; i < specs; i++) {
            if (i > 0) {
                b.append(',');
            }
            switch (r.nextInt(5)) {
                case 0 -> b.append(r.nextLong(size * 2)).append('-').append(r.nextLong(size * 2));
                case 1 -> b.append(r.nextLong(size * 2)).append('-');
                case 2 -> b.append('-').append(r.nextLong(size * 2));
                case 3 -> b.append(Long.toUnsignedString(r.nextLong())).append('-');
                default -> {
                    for (int k = r.nextInt(12); k > 0; k--) {
                        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
            }
        }
        return b.toString();
    }

    static byte[] bytes(String s) {
        return ByteMutator.bytes(s);
    }
}
