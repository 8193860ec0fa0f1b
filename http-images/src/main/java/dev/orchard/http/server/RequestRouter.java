package dev.orchard.http.server;

import dev.orchard.http.api.ApiRequest;
import dev.orchard.http.api.ApiResponse;
import dev.orchard.http.api.ApiRouter;
import dev.orchard.http.api.PageAnswer;
import dev.orchard.http.api.PageEndpoints;
import dev.orchard.http.api.PageRequest;
import dev.orchard.http.files.BadPathException;
import dev.orchard.http.files.MountTable;
import dev.orchard.http.files.RequestPath;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last handler: sends each request to the API or to the files of a mount. API paths take precedence
 * over mounts; their bodies are collected up to the cap (413 beyond, and the connection is closed since the
 * rest of the body is not read). File requests are answered as soon as their head arrives; a body sent with
 * them is discarded. Requests the decoder could not parse arrive here in their turn (see {@link RequestGuard})
 * and are refused, closing the connection.
 */
final class RequestRouter extends ChannelInboundHandlerAdapter {

    private final MountTable mounts;
    private final ApiRouter api;
    private final boolean apiHere;
    private final boolean zeroCopy;
    private final FileRequestHandler files;
    private final int maxBody;
    private final HttpMetrics metrics;
    private Exchange current;
    private Exchange apiExchange;
    private HttpRequest apiRequest;
    private RequestPath apiPath;
    private ApiBody apiBody;
    /** The request whose body is being collected is the lab page's, not the API's. */
    private boolean pageRequest;

    RequestRouter(MountTable mounts, ApiRouter api, boolean apiHere, boolean zeroCopy, FileRequestHandler files,
                  int maxBody, HttpMetrics metrics) {
        this.mounts = mounts;
        this.api = api;
        this.apiHere = apiHere;
        this.zeroCopy = zeroCopy;
        this.files = files;
        this.maxBody = maxBody;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                start(ctx, request);
            } else if (msg instanceof HttpContent failed && failed.decoderResult().isFailure()) {
                brokenBody(ctx);
                return;
            }
            if (msg instanceof HttpContent content && apiBody != null) {
                collect(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        apiBody = null;
        Exchange ex = new Exchange(ctx, request, metrics);
        current = ex;
        if (request.decoderResult().isFailure()) {
            RequestGuard.Refusal refusal = RequestGuard.Refusal.of(request.decoderResult().cause());
            metrics.requestRejected(refusal.reason());
            ex.sendClosing(Exchange.plainError(refusal.status()));
            return;
        }
        RequestPath path;
        try {
            path = RequestPath.parse(request.uri());
        } catch (BadPathException e) {
            metrics.requestRejected(RejectReason.BAD_PATH);
            ex.send(Exchange.plainError(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        boolean page = api.servesPage(path.segments());
        if (page || api.serves(path.segments())) {
            // the lab page is behind the admin token too: counted with the admin API
            ex.route(page ? RouteClass.ADMIN_API : ApiRouter.classify(path.segments()));
            if (!apiHere) {
                ex.send(json(ApiResponse.error(dev.orchard.http.api.ApiException.notFound(
                        "the API is served on the HTTPS listener only"))));
                return;
            }
            if (HttpUtil.getContentLength(request, 0L) > maxBody) {
                tooLarge(ex);
                return;
            }
            if (HttpUtil.is100ContinueExpected(request)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            pageRequest = page;
            apiExchange = ex;
            apiRequest = request;
            apiPath = path;
            apiBody = new ApiBody(maxBody);
            return;
        }
        Optional<MountTable.Match> match = mounts.match(path);
        if (match.isEmpty()) {
            ex.send(Exchange.plainError(HttpResponseStatus.NOT_FOUND));
            return;
        }
        files.handle(ex, request, match.get(), zeroCopy);
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content) {
        if (!apiBody.add(content.content())) {
            apiBody = null;
            tooLarge(apiExchange);
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            return;
        }
        if (pageRequest) {
            collectedPage(ctx);
            return;
        }
        ApiRequest request;
        try {
            QueryStringDecoder query = new QueryStringDecoder(apiRequest.uri(), StandardCharsets.UTF_8, true, 64);
            request = new ApiRequest(apiRequest.method().name(), apiPath.segments(), query.parameters(),
                    Optional.ofNullable(apiRequest.headers().get(HttpHeaderNames.AUTHORIZATION)),
                    agentHeaders(apiRequest), apiBody.toByteArray(), ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
        } catch (IllegalArgumentException e) {
            malformedQuery();
            return;
        }
        apiBody = null;
        Exchange ex = apiExchange;
        api.handle(request).thenAccept(r -> ctx.executor().execute(() -> ex.send(json(r))));
    }

    /** A lab page request is complete: answered whole, or turned into the page's event stream. */
    private void collectedPage(ChannelHandlerContext ctx) {
        PageRequest request;
        try {
            QueryStringDecoder query = new QueryStringDecoder(apiRequest.uri(), StandardCharsets.UTF_8, true, 16);
            Map<String, String> headers = new HashMap<>();
            for (String name : PageRequest.HEADERS) {
                String value = apiRequest.headers().get(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            // zeroCopy is off exactly on the TLS listener (sendfile cannot encrypt): there the cookie is Secure
            request = new PageRequest(apiRequest.method().name(), apiPath.segments(), query.parameters(), headers,
                    apiBody.toByteArray(), ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(), !zeroCopy);
        } catch (IllegalArgumentException e) {
            malformedQuery();
            return;
        }
        apiBody = null;
        Exchange ex = apiExchange;
        PageEndpoints page = api.page();
        page.handle(request).thenAccept(answer -> ctx.executor().execute(() -> {
            if (answer instanceof PageAnswer.Stream stream) {
                new EventStream(ex, page, stream, api.worker()).start();
            } else {
                ex.send(json(((PageAnswer.Full) answer).response()));
            }
        }));
    }

    private void malformedQuery() {
        apiBody = null;
        metrics.requestRejected(RejectReason.MALFORMED_REQUEST);
        apiExchange.send(json(ApiResponse.error(dev.orchard.http.api.ApiException.badRequest("malformed query string"))));
    }

    /** The agent's headers the API reads; a header sent twice keeps its first value, as {@code get} does. */
    private static Map<String, String> agentHeaders(HttpRequest request) {
        Map<String, String> found = new HashMap<>();
        for (String name : ApiRequest.AGENT_HEADERS) {
            String value = request.headers().get(name);
            if (value != null) {
                found.put(name, value);
            }
        }
        return found;
    }

    /** The body of the current request could not be decoded (a bad chunk size): nothing after it can be. */
    private void brokenBody(ChannelHandlerContext ctx) {
        metrics.requestRejected(RejectReason.MALFORMED_REQUEST);
        if (apiBody != null) {
            apiBody = null;
            apiExchange.sendClosing(json(ApiResponse.error(dev.orchard.http.api.ApiException.badRequest(
                    "the request body's chunked framing is malformed"))));
        } else if (current != null) {
            current.closeWhenDone(); // a file request, answered from its head: let its answer end first
        } else {
            ctx.close();
        }
    }

    private void tooLarge(Exchange ex) {
        metrics.requestRejected(RejectReason.BODY_TOO_LARGE);
        FullHttpResponse r = json(ApiResponse.error(new dev.orchard.http.api.ApiException(413,
                "the request body is larger than " + maxBody + " bytes", null, Map.of())));
        ex.sendClosing(r);
    }

    private static FullHttpResponse json(ApiResponse r) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().forEach(response.headers()::set);
        return response;
    }
}
