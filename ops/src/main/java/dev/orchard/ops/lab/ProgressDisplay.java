package dev.orchard.ops.lab;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link ProgressBoard} while the lab runs, from its own daemon thread at a bounded rate.
 * On a terminal ({@link Mode#ANSI}): one bar per stage and an overall bar, redrawn in place (cursor up,
 * erase line) at most {@value #ANSI_HZ} times a second. Otherwise ({@link Mode#PLAIN}): a status line when
 * something changed, at most every {@value #PLAIN_SECONDS} s, and one line per failed Mac as it happens —
 * fit for logs and CI.
 */
public final class ProgressDisplay implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode { ANSI, PLAIN, NONE }

    static final int ANSI_HZ = 5;
    static final int PLAIN_SECONDS = 2;
    private static final int BAR = 30;

    private final ProgressBoard board;
    private final PrintWriter out;
    private final Mode mode;
    private final Thread thread;
    private volatile boolean stopping;
    private int drawnLines;
    private String lastPlain = "";

    private ProgressDisplay(ProgressBoard board, PrintWriter out, Mode mode) {
        this.board = board;
        this.out = out;
        this.mode = mode;
        this.thread = new Thread(this::loop, "lab-progress");
        thread.setDaemon(true);
    }

    public static ProgressDisplay start(ProgressBoard board, PrintWriter out, Mode mode) {
        ProgressDisplay d = new ProgressDisplay(board, out, mode);
        if (mode != Mode.NONE) {
            d.thread.start();
        }
        return d;
    }

    private void loop() {
        long period = mode == Mode.ANSI ? 1000 / ANSI_HZ : PLAIN_SECONDS * 1000L;
        while (!stopping) {
            draw();
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw() {
        ProgressBoard.Snapshot s = board.snapshot();
        if (mode == Mode.ANSI) {
            List<String> lines = ansiLines(s);
            StringBuilder frame = new StringBuilder();
            if (drawnLines > 0) {
                frame.append("\033[").append(drawnLines).append('A');
            }
            for (MacResult f = board.pollFailure(); f != null; f = board.pollFailure()) {
                frame.append("\r\033[2K").append(failureLine(f)).append('\n');
            }
            for (String line : lines) {
                frame.append("\r\033[2K").append(line).append('\n');
            }
            drawnLines = lines.size();
            out.print(frame);
        } else {
            for (MacResult f = board.pollFailure(); f != null; f = board.pollFailure()) {
                out.println(failureLine(f));
            }
            String line = plainLine(s);
            if (!line.substring(line.indexOf(' ', 4)).equals(lastPlain)) {
                out.println(line);
                lastPlain = line.substring(line.indexOf(' ', 4));
            }
        }
        out.flush();
    }

    static List<String> ansiLines(ProgressBoard.Snapshot s) {
        List<String> lines = new ArrayList<>();
        double seconds = s.elapsedNanos() / 1e9;
        lines.add(String.format(Locale.ROOT, "orchard lab  %d Macs  %.1f s  %.1f MiB received  %.1f MiB/s  failed %d",
                s.macs(), seconds, s.bytes() / 1048576.0, seconds <= 0 ? 0 : s.bytes() / 1048576.0 / seconds, s.failed()));
        for (ProgressBoard.Row r : s.rows()) {
            lines.add(String.format(Locale.ROOT, "%-10s %s %4d/%-4d%s%s", r.stage().label(), bar(r.done() + r.failed(),
                    r.needed()), r.done(), r.needed(), r.running() > 0 ? "  " + r.running() + " running" : "",
                    r.failed() > 0 ? "  " + r.failed() + " failed" : ""));
        }
        lines.add(String.format(Locale.ROOT, "%-10s %s %4d/%-4d", "overall", bar(s.finished(), s.macs()), s.finished(),
                s.macs()));
        return lines;
    }

    static String plainLine(ProgressBoard.Snapshot s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "lab %.1fs", s.elapsedNanos() / 1e9));
        for (ProgressBoard.Row r : s.rows()) {
            b.append(' ').append(r.stage().label()).append(' ').append(r.done()).append('/').append(r.needed());
        }
        b.append(String.format(Locale.ROOT, " finished %d/%d failed %d received %.1f MiB", s.finished(), s.macs(),
                s.failed(), s.bytes() / 1048576.0));
        return b.toString();
    }

    static String failureLine(MacResult f) {
        return String.format(Locale.ROOT, "FAILED %s %s (%s, expected %s) at %s: %s", f.machine().label(),
                f.machine().mac(), f.machine().model(), f.expected().endState(),
                f.failedStage() == null ? "?" : f.failedStage().label(), f.reason());
    }

    private static String bar(int value, int total) {
        int filled = total == 0 ? BAR : (int) ((long) value * BAR / total);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "]";
    }

    /** Draws the final state once more and stops. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode != Mode.NONE) {
            draw();
        }
    }
}
