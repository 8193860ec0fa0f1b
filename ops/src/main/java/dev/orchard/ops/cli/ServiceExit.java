package dev.orchard.ops.cli;

/** Exit codes shared by every subcommand. */
public final class ServiceExit {

    /** A long-running service was started; the JVM stays up until it is stopped. */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;
    public static final int OK = 0;
    /** The command ran and found problems (validation errors, failed machines). */
    public static final int FAILED = 1;
    /** Wrong usage: picocli's own code for bad arguments. */
    public static final int USAGE = 2;
    /** The service could not start: port in use, port needs root, unreadable root folder. */
    public static final int CANNOT_START = 3;

    private ServiceExit() {
    }
}
