package dev.orchard.ops.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started service running until it is asked to stop, then closes it gracefully. Service commands
 * return {@link ServiceExit#KEEP_RUNNING} only after their servers are bound.
 *
 * <p>A clean stop exits 0, as documented: SIGTERM ({@code systemctl stop}, {@code kill}) and SIGINT (Ctrl-C)
 * are handled here instead of by the JVM, whose default ends the process with 128 + the signal (143, 130),
 * which systemd and scripts read as a failure. The handler closes the service, prints
 * {@code <name>: stopped} and exits 0 (1 when closing failed). Any other way the JVM ends still closes the
 * service, through a shutdown hook. The handlers use {@code sun.misc.Signal} (module jdk.unsupported)
 * through reflection, as {@code HangupSignal} does; without it the JVM's default stays (and the systemd unit
 * lists 143 in {@code SuccessExitStatus}).
 */
public final class ServiceLifecycle {

    private ServiceLifecycle() {
    }

    /** Closes {@code service} on SIGTERM, SIGINT or any JVM exit; returns immediately. */
    public static void closeOnShutdown(String name, AutoCloseable service, PrintWriter out) {
        Stopper stopper = new Stopper(name, service, out);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, name + "-shutdown"));
        Runnable exit = () -> System.exit(stopper.stop() ? ServiceExit.OK : ServiceExit.FAILED);
        onSignal("TERM", exit);
        onSignal("INT", exit);
    }

    /** Blocks the calling thread until the JVM shuts down. */
    public static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the service once, whoever asks first; later calls wait for that and return its outcome. */
    private static final class Stopper {
        private final String name;
        private final AutoCloseable service;
        private final PrintWriter out;
        private Boolean outcome;

        Stopper(String name, AutoCloseable service, PrintWriter out) {
            this.name = name;
            this.service = service;
            this.out = out;
        }

        synchronized boolean stop() {
            if (outcome != null) {
                return outcome;
            }
            out.println(name + ": stopping");
            out.flush();
            try {
                service.close();
                outcome = true;
                out.println(name + ": stopped");
            } catch (Exception e) {
                outcome = false;
                out.println(name + ": error while stopping: " + e.getMessage());
            }
            out.flush();
            return outcome;
        }
    }

    /** Installs {@code action} for signal {@code name}; false when the platform has no such signal handling. */
    static boolean onSignal(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    action.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "orchard SIG" + name + " handler";
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
