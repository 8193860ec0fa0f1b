package dev.orchard.ops.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started service running until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes it
 * gracefully. Service commands return {@link ServiceExit#KEEP_RUNNING} only after their servers are bound.
 */
public final class ServiceLifecycle {

    private ServiceLifecycle() {
    }

    /** Registers a shutdown hook that closes {@code service}; returns immediately. */
    public static void closeOnShutdown(String name, AutoCloseable service, PrintWriter out) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println(name + ": stopping");
            out.flush();
            try {
                service.close();
            } catch (Exception e) {
                out.println(name + ": error while stopping: " + e.getMessage());
            } finally {
                closed.countDown();
            }
        }, name + "-shutdown"));
    }

    /** Blocks the calling thread until the JVM shuts down. */
    public static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
