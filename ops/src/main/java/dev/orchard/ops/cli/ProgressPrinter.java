package dev.orchard.ops.cli;

import dev.orchard.http.manifest.ImageScanner;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Hashing progress for {@code orchard image}: on a terminal a bar redrawn in place
 * ({@code \r}, at most every 1/100th), otherwise a plain line every 10 % (logs, pipes, CI).
 */
final class ProgressPrinter implements ImageScanner.Progress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private String current;
    private int lastStep = -1;

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A terminal when the JVM has a console attached (stdout is not redirected). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public synchronized void progress(String image, long done, long total) {
        if (!image.equals(current)) {
            finishLine();
            current = image;
            lastStep = -1;
        }
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        int step = terminal ? percent : percent / 10 * 10;
        if (step == lastStep) {
            return;
        }
        lastStep = step;
        if (terminal) {
            int filled = percent * WIDTH / 100;
            out.print("\r" + image + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%% %s / %s", percent, size(done), size(total)));
        } else {
            out.println(image + ": hashed " + percent + "% (" + size(done) + " of " + size(total) + ")");
        }
        out.flush();
    }

    /** Ends the bar's line (call after the last image). */
    synchronized void finishLine() {
        if (terminal && current != null) {
            out.println();
            out.flush();
        }
        current = null;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
