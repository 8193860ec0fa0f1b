package dev.orchard.http.server;

import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.spi.HttpPorts;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** Starts a server on 127.0.0.1 with an ephemeral port serving the usual mounts below one folder. */
final class ServerFixture {

    private ServerFixture() {
    }

    static HttpServerConfig config(Path base) {
        return HttpServerConfig.plain(new InetSocketAddress("127.0.0.1", 0), List.of(
                Mount.of("/images", base.resolve("images"), MountKind.IMAGES),
                Mount.of("/NetBoot/NetBootSP0", base.resolve("nbi"), MountKind.NBI),
                Mount.of("/payloads", base.resolve("payloads"), MountKind.PAYLOADS)));
    }

    static HttpImageServer start(Path base) throws Exception {
        return HttpImageServer.start(config(base), HttpPorts.standalone());
    }

    static String url(HttpImageServer server, String path) {
        return "http://127.0.0.1:" + server.address().getPort() + path;
    }
}
