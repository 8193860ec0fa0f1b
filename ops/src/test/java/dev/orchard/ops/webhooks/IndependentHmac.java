package dev.orchard.ops.webhooks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Checks an {@code Orchard-Signature} the way a receiver would, with code that is not Orchard's: the
 * {@code openssl dgst -hmac} command (docs/webhooks.md shows it) or the system Python's {@code hmac} module, each
 * run as a process over {@code <t>.<body>}.
 */
public final class IndependentHmac {

    private IndependentHmac() {
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/openssl")) && Files.isExecutable(Path.of("/usr/bin/python3"));
    }

    /** True when {@code header} ({@code t=…,v1=…}) is openssl's HMAC-SHA256 of {@code t.body} under {@code secret}. */
    public static boolean opensslVerifies(String secret, String header, byte[] body) throws IOException,
            InterruptedException {
        String[] parts = parse(header);
        String hex = run(new ProcessBuilder("/usr/bin/openssl", "dgst", "-sha256", "-hmac", secret, "-r"),
                signed(parts[0], body)).split("\\s+")[0];
        return hex.equals(parts[1]);
    }

    /** The same check by Python's {@code hmac.compare_digest}: prints ok or bad. */
    public static boolean pythonVerifies(String secret, String header, byte[] body) throws IOException,
            InterruptedException {
        String[] parts = parse(header);
        String script = "import hmac, hashlib, sys\n"
                + "mac = hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest()\n"
                + "print('ok' if hmac.compare_digest(mac, sys.argv[2]) else 'bad')\n";
        return run(new ProcessBuilder("/usr/bin/python3", "-c", script, secret, parts[1]), signed(parts[0], body))
                .trim().equals("ok");
    }

    private static String[] parse(String header) {
        String t = null;
        String v1 = null;
        for (String p : header.split(",")) {
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null) {
            throw new AssertionError("not an Orchard-Signature: " + header);
        }
        return new String[] {t, v1};
    }

    private static byte[] signed(String t, byte[] body) {
        byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    private static String run(ProcessBuilder pb, byte[] stdin) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        try (OutputStream out = p.getOutputStream()) {
            out.write(stdin);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(pb.command().get(0) + " failed: " + output);
        }
        return output;
    }
}
