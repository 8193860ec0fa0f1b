package dev.orchard.http.server;

import dev.orchard.testkit.Peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx run in the foreground on 127.0.0.1 with a generated config ({@code sendfile on}, every file
 * {@code application/octet-stream}), as the reference HTTP server.
 */
final class NginxPeer implements AutoCloseable {

    private final Process process;
    private final int port;

    private NginxPeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static NginxPeer start(Path root, Path workDir) throws Exception {
        Path nginx = Peers.require("nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Files.createDirectories(workDir.resolve("logs"));
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                error_log %1$s/logs/error.log;
                pid %1$s/logs/nginx.pid;
                events { worker_connections 256; }
                http {
                  access_log off;
                  sendfile on;
                  types { }
                  default_type application/octet-stream;
                  client_body_temp_path %1$s/logs/body;
                  proxy_temp_path %1$s/logs/proxy;
                  fastcgi_temp_path %1$s/logs/fcgi;
                  uwsgi_temp_path %1$s/logs/uwsgi;
                  scgi_temp_path %1$s/logs/scgi;
                  server { listen 127.0.0.1:%2$d; root %3$s; }
                }
                """.formatted(workDir, port, root);
        Path confFile = workDir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(nginx.toString(), "-p", workDir.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("logs/stdout").toFile()).start();
        NginxPeer peer = new NginxPeer(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return peer;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(workDir.resolve("logs/stdout"))
                            + Files.readString(workDir.resolve("logs/error.log")));
                }
                Thread.sleep(50);
            }
        }
        peer.close();
        throw new IllegalStateException("nginx did not start listening on " + port);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
