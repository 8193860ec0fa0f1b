package dev.orchard.http.server;

import dev.orchard.http.server.WireReader.End;
import dev.orchard.http.server.WireReader.Framing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One {@link HttpFuzzIT} case on one raw connection. The bytes are written from another thread while this one
 * reads, so a server answering before it has read everything never deadlocks the test. Then:
 * <ol>
 * <li>the answers owed to intact requests must come, in order, within the stall time;</li>
 * <li>every response must be well-formed with an allowed status, and {@code Connection: close} kept;</li>
 * <li>the server never resets the connection: its closes after an answer linger ({@link LingeringClose});</li>
 * <li>after {@value HttpFuzzIT#QUIET_MS} ms of silence we half-close, and the server must close within the
 * stall time; in one case out of 40 we do not, and the server must close by its own deadlines.</li>
 * </ol>
 */
final class FuzzConnection {

    private final InetSocketAddress server;
    private final FuzzCases.Case c;
    private final ExecutorService writers;
    private final List<Integer> statuses = new ArrayList<>();

    FuzzConnection(InetSocketAddress server, FuzzCases.Case c, ExecutorService writers) {
        this.server = server;
        this.c = c;
        this.writers = writers;
    }

    /** Runs the case; the outcome's label for the statistics, or an exception describing the finding. */
    String run() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            Future<?> writing = writers.submit(() -> write(s));
            WireReader wire = new WireReader(s, HttpFuzzIT.STALL_MS, HttpFuzzIT.QUIET_MS);
            if (c.deep()) {
                wire.allowCuts();
            }
            Framing framing = c.mayBeHead() ? Framing.EITHER : Framing.BODY;
            int answered = 0;
            while (true) {
                boolean owed = answered < c.owed().size();
                int wait = owed || wire.isFinSent() ? HttpFuzzIT.STALL_MS
                        : c.waitForServerClose() ? HttpFuzzIT.SERVER_CLOSE_MS : HttpFuzzIT.QUIET_MS;
                Object next = wire.next(wait, framing);
                if (next instanceof WireReader.Response r) {
                    statuses.add(r.status());
                    if (r.status() == 100) {
                        continue;
                    }
                    check(HttpFuzzIT.ALLOWED.contains(r.status()), "status " + r.status() + " is not allowed");
                    if (owed) {
                        checkOwed(c.owed().get(answered), r, answered + 1);
                    }
                    answered++;
                    if (r.closes()) {
                        Object after = wire.next(HttpFuzzIT.STALL_MS, Framing.BODY);
                        // the close lingers (LingeringClose): an end of stream, never a reset
                        check(after == End.CLOSED, "said Connection: close, then "
                                + (after == End.SILENT ? "kept the connection open" : after == End.RESET
                                ? "reset the connection" : "sent more: " + after));
                        return label("closed-as-announced", answered);
                    }
                    continue;
                }
                End end = (End) next;
                if (end == End.CLOSED) {
                    check(!owed || wire.isFinSent(), "closed before answering intact request #" + (answered + 1));
                    return label(wire.isFinSent() ? "closed-after-our-fin" : "closed-by-server", answered);
                }
                // a reset would discard answers we had not read yet: the server's closes linger instead
                check(end != End.RESET, "reset the connection" + (owed ? " before the answers owed" : ""));
                check(!owed, "no answer within " + HttpFuzzIT.STALL_MS + " ms to intact request #" + (answered + 1));
                check(!wire.isFinSent(), "still open " + HttpFuzzIT.STALL_MS + " ms after we half-closed");
                check(!c.waitForServerClose(), "still open " + HttpFuzzIT.SERVER_CLOSE_MS
                        + " ms after the last byte: neither the idle nor the request deadline closed it");
                writing.get(HttpFuzzIT.STALL_MS, TimeUnit.MILLISECONDS);
                try {
                    s.shutdownOutput();
                } catch (IOException alreadyGone) {
                    // the server closed meanwhile: the next read says how
                }
                wire.finSent();
            }
        }
    }

    List<Integer> statuses() {
        return statuses;
    }

    /** The finding, with everything needed to replay it. */
    String describe(long seed, Throwable e) {
        return String.format("case %d (%s) of seed 0x%X [-Dorchard.fuzz.seed=0x%X -Dorchard.fuzz.case=%d]: %s%n"
                        + "  statuses read: %s%n  sent %d bytes: %s", c.index(), c.shape(), seed, seed, c.index(), e,
                statuses, c.bytes().length, WireReader.printable(c.bytes()));
    }

    private Void write(Socket s) {
        try {
            s.getOutputStream().write(c.bytes());
            s.getOutputStream().flush();
        } catch (IOException closedByTheServer) {
            // a refusal may close before reading everything: what it answered is judged by the reader
        }
        return null;
    }

    private static void checkOwed(FuzzCases.Expected e, WireReader.Response r, int n) {
        check(r.status() == e.status(), "intact request #" + n + " was answered " + r.status() + ", not "
                + e.status() + " (answers out of order?)");
        if (e.first() < 0) {
            return;
        }
        if (e.status() == 206) {
            String range = "bytes " + e.first() + "-" + e.last() + "/" + HttpFuzzIT.SIZE;
            check(range.equals(r.header("content-range")), "intact request #" + n + ": Content-Range "
                    + r.header("content-range") + ", not " + range);
        }
        byte[] want = Arrays.copyOfRange(HttpFuzzIT.file, (int) e.first(), (int) e.last() + 1);
        check(Arrays.equals(want, r.body()), "intact request #" + n + ": the body is not the file's bytes "
                + e.first() + "-" + e.last());
    }

    private static String label(String how, int answered) {
        return how + (answered == 0 ? ", no answer" : "");
    }

    private static void check(boolean ok, String finding) {
        if (!ok) {
            throw new AssertionError(finding);
        }
    }
}
