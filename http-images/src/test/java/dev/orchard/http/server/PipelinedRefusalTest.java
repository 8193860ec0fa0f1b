package dev.orchard.http.server;

import dev.orchard.http.api.ApiRouter;
import dev.orchard.http.files.MountTable;
import dev.orchard.http.files.OpenFileCache;
import dev.orchard.http.manifest.ManifestBuilder;
import dev.orchard.http.manifest.ManifestCache;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.RejectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the decoder refuses, pipelined behind one still being answered, is answered after it
 * (RFC 9112 §9.3.2). Found by {@code HttpFuzzIT}: the refusal used to be written at once by the
 * {@link RequestGuard}, so a pipelining client read it as the answer to the earlier request (or had a file body
 * cut short by it).
 */
class PipelinedRefusalTest {

    private static final String MAC = "00:1b:63:84:45:e6";

    /** API work parked until the test runs it: the first answer is still pending when the bad request arrives. */
    private final List<Runnable> apiWork = new ArrayList<>();
    private final RecordingHttpMetrics metrics = new RecordingHttpMetrics();
    private final IoWorkers io = new IoWorkers(1, "test-io");
    private final OpenFileCache openFiles = new OpenFileCache(OpenFileCache.DEFAULT_VALIDITY, 4);

    @AfterEach
    void close() {
        io.close();
        openFiles.close();
    }

    @Test
    void aRefusalWaitsForTheAnswerToTheRequestBeforeIt() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n"));
        assertThat(outbound(ch)).as("nothing may overtake the pending answer to the first request").isEmpty();
        assertThat(ch.isOpen()).isTrue();

        runApiWork(ch);
        String out = outbound(ch);
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
        int firstBody = out.indexOf("{\"status\":\"ok\"}");
        assertThat(firstBody).isPositive();
        assertThat(out.indexOf("HTTP/1.1 414 Request-URI Too Long\r\n")).isGreaterThan(firstBody);
        assertThat(out).contains("connection: close");
        assertThat(ch.isOpen()).as("nothing after a refused request can be parsed").isFalse();
        assertThat(metrics.rejected(RejectReason.URI_TOO_LONG)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusalWithNothingPendingIsAnsweredAtOnce() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n"));
        assertThat(outbound(ch)).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(metrics.rejected(RejectReason.MALFORMED_REQUEST)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void aBrokenChunkedApiBodyIsRefusedAndNeverReachesThePorts() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("POST /api/v1/machines/" + MAC + "/events HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer tok\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"seq\r\nzz\r\n"));
        ch.runPendingTasks();
        String out = outbound(ch);
        assertThat(out).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("application/json")
                .contains("chunked framing is malformed");
        assertThat(apiWork).as("a request with a broken body is not handed to the API").isEmpty();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    private EmbeddedChannel channel() {
        RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(30), metrics);
        FileRequestHandler files = new FileRequestHandler(io, openFiles,
                new ManifestCache(new ManifestStore(ManifestBuilder.DEFAULT_CHUNK_SIZE), Runnable::run),
                ServerLimits.DEFAULTS, metrics);
        RequestRouter router = new RequestRouter(new MountTable(List.of()),
                new ApiRouter(HttpPorts.standalone(), Optional.empty(), apiWork::add), true, true, files, 64 * 1024,
                metrics);
        // the router reads the client's address from the channel, which EmbeddedChannel does not have
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40_000);
            }
        };
        ch.pipeline().addLast(deadline,
                new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(64)),
                new RequestGuard(deadline, metrics), new ExchangeSequencer(16, deadline, metrics), router);
        return ch;
    }

    private void runApiWork(EmbeddedChannel ch) {
        List<Runnable> work = List.copyOf(apiWork);
        apiWork.clear();
        work.forEach(Runnable::run);
        ch.runPendingTasks();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String outbound(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }
}
