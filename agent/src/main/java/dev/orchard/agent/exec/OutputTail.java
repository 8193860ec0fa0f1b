package dev.orchard.agent.exec;

/**
 * Keeps the last {@code limit} characters of a stream of lines: script output goes into events, whose
 * message is at most 4096 characters, and the end of the output is what explains a failure.
 */
public final class OutputTail {

    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    public OutputTail(int limit) {
        this.limit = limit;
    }

    public synchronized void add(String line) {
        text.append(line).append('\n');
        if (text.length() > 2 * limit) {
            text.delete(0, text.length() - limit);
            truncated = true;
        }
    }

    public synchronized String text() {
        if (text.length() <= limit && !truncated) {
            return text.toString();
        }
        return "…" + text.substring(Math.max(0, text.length() - limit + 1));
    }
}
