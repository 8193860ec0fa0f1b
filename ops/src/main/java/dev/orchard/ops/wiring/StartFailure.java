package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ConfigProblem;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Why {@link OrchardServer#start} failed. Nothing is left bound or open when it is thrown.
 *
 * @see Kind
 */
public final class StartFailure extends Exception {

    /** What went wrong, which decides the exit code of {@code orchard serve}. */
    public enum Kind {
        /**
         * {@link StartupCheck} found errors ({@link #problems()}): in the files, or on this host (NBI folders,
         * admin token, listeners, folders, pinned files). {@code orchard validate} lists the same.
         */
        CONFIGURATION,
        /** A listener could not bind ({@link #service()}, {@link #address()}): needs root, or in use. */
        BIND,
        /** Anything else: the journal is locked by another server, the file watcher cannot start, … */
        OTHER
    }

    private final Kind kind;
    private final transient List<ConfigProblem> problems;
    private final String service;
    private final transient InetSocketAddress address;

    private StartFailure(Kind kind, String message, Throwable cause, List<ConfigProblem> problems, String service,
                         InetSocketAddress address) {
        super(message, cause);
        this.kind = kind;
        this.problems = List.copyOf(problems);
        this.service = service;
        this.address = address;
    }

    static StartFailure configuration(List<ConfigProblem> problems) {
        return new StartFailure(Kind.CONFIGURATION, "the configuration has errors", null, problems, null, null);
    }

    static StartFailure bind(String service, InetSocketAddress address, Throwable cause) {
        return new StartFailure(Kind.BIND, service + " cannot listen on " + address + ": " + cause.getMessage(), cause,
                List.of(), service, address);
    }

    /** True when {@code e} (or a cause) is a failed bind: address in use, privileged port, no such address. */
    static boolean isBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t instanceof java.net.BindException || m.contains("bind(") || m.contains("address already in use")
                    || m.contains("permission denied") || m.contains("cannot assign requested address")) {
                return true;
            }
        }
        return false;
    }

    static StartFailure other(String message, Throwable cause) {
        return new StartFailure(Kind.OTHER, message, cause, List.of(), null, null);
    }

    public Kind kind() {
        return kind;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** For {@link Kind#BIND}: {@code BSDP}, {@code TFTP} or {@code HTTP}. */
    public String service() {
        return service;
    }

    /** For {@link Kind#BIND}: the address that could not be bound. */
    public InetSocketAddress address() {
        return address;
    }
}
