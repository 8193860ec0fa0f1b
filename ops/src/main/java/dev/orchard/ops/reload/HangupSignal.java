package dev.orchard.ops.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reload on SIGHUP, the Unix convention for "re-read your configuration" ({@code systemctl reload}).
 * Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, so that a JVM or platform
 * without it (Windows has no SIGHUP) only loses this trigger: {@link #install} then returns false and
 * the file watcher and the admin API still reload. The action runs on its own thread, never on the
 * JVM's signal dispatcher.
 */
public final class HangupSignal {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /**
     * Installs {@code action} as the SIGHUP handler; true when the platform supports it and the process does not
     * ignore the signal.
     */
    public static boolean install(Runnable action) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orchard-sighup");
            t.setDaemon(true);
            return t;
        });
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler onSignal = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        runner.execute(() -> {
                            LOG.info("SIGHUP received: reloading the configuration");
                            action.run();
                        });
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "orchard SIGHUP handler";
                }
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            if (previous == handlerClass.getField("SIG_IGN").get(null)) {
                // a process started with SIGHUP ignored (nohup) keeps it ignored: HotSpot installs no handler
                // then, so say so rather than promise a reload that will never come
                runner.shutdown();
                LOG.warn("SIGHUP is ignored by this process (started under nohup?), so it will not reload the "
                        + "configuration; use the admin API or edit the files");
                return false;
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            runner.shutdown();
            LOG.info("SIGHUP reload is not available on this platform ({}); use the admin API or edit the files",
                    e.toString());
            return false;
        }
    }
}
