package dev.orchard.tftp.testing;

import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import dev.orchard.tftp.spi.RootedFileSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** An in-process server on 127.0.0.1 (ephemeral port) over a root folder, with a recording metrics fake. */
public final class ServerFixture implements AutoCloseable {

    public final Path root;
    public final RootedFileSource files;
    public final RecordingTftpMetrics metrics = new RecordingTftpMetrics();
    public final TftpServer server;

    public ServerFixture(Path root, UnaryOperator<TftpServerConfig> tune) {
        this.root = root;
        this.files = RootedFileSource.builder(root).prefix(RootedFileSource.APPLE_NETBOOT_PREFIX).build();
        TftpServerConfig config = tune.apply(TftpServerConfig.defaults()
                .withBindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        try {
            this.server = TftpServer.start(config, files, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerFixture(Path root) {
        this(root, c -> c);
    }

    public int port() {
        return server.localAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** Waits until no transfer runs and no file is open (transfers end asynchronously). */
    public void awaitIdle(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (server.activeTransfers() == 0 && files.openFiles() == 0 && metrics.open() == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("server not idle: active=" + server.activeTransfers() + " openFiles="
                + files.openFiles() + " metricsOpen=" + metrics.open());
    }

    @Override
    public void close() {
        server.close();
    }
}
