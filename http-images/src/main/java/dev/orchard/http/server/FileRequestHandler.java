package dev.orchard.http.server;

import dev.orchard.http.files.ByteRange;
import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.files.FileLookup;
import dev.orchard.http.files.FileResolver;
import dev.orchard.http.files.HttpDates;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.files.MountTable;
import dev.orchard.http.files.OpenFileCache;
import dev.orchard.http.files.OpenedFile;
import dev.orchard.http.files.Preconditions;
import dev.orchard.http.files.RangeHeader;
import dev.orchard.http.files.RangeRequest;
import dev.orchard.http.manifest.ManifestCache;
import dev.orchard.http.manifest.ManifestJson;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * GET and HEAD of files under a mount, and {@code <images>/<name>/manifest}. The lookup and open run on a
 * worker; validators, preconditions, ranges and headers are decided back on the event loop; the body is
 * streamed by {@link FileBodyWriter}.
 */
final class FileRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FileRequestHandler.class);
    private static final String MANIFEST = "manifest";

    private final IoWorkers io;
    private final OpenFileCache openFiles;
    private final ManifestCache manifests;
    private final ServerLimits limits;
    private final HttpMetrics metrics;

    FileRequestHandler(IoWorkers io, OpenFileCache openFiles, ManifestCache manifests, ServerLimits limits,
                       HttpMetrics metrics) {
        this.io = io;
        this.openFiles = openFiles;
        this.manifests = manifests;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** The conditional and range headers, read once on the event loop. */
    private record Conditions(String range, String ifRange, String ifMatch, String ifUnmodifiedSince,
                              String ifNoneMatch, String ifModifiedSince) {
        static Conditions of(HttpHeaders h) {
            // two Range headers: nginx uses the first; so do we
            return new Conditions(h.get(HttpHeaderNames.RANGE), h.get(HttpHeaderNames.IF_RANGE),
                    h.get(HttpHeaderNames.IF_MATCH), h.get(HttpHeaderNames.IF_UNMODIFIED_SINCE),
                    h.get(HttpHeaderNames.IF_NONE_MATCH), h.get(HttpHeaderNames.IF_MODIFIED_SINCE));
        }
    }

    void handle(Exchange ex, HttpRequest request, MountTable.Match match, boolean zeroCopy) {
        MountKind kind = match.mount().kind();
        ex.route(kind.route());
        if (!HttpMethod.GET.equals(ex.method()) && !HttpMethod.HEAD.equals(ex.method())) {
            metrics.requestRejected(RejectReason.METHOD_NOT_ALLOWED);
            FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED);
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            ex.send(r);
            return;
        }
        Conditions conditions = Conditions.of(request.headers());
        List<String> rel = match.relative();
        boolean manifestRoute = kind == MountKind.IMAGES && rel.size() >= 2 && rel.get(rel.size() - 1).equals(MANIFEST);
        ChannelHandlerContext ctx = ex.ctx();
        if (!manifestRoute) {
            // hot path: a descriptor validated less than a second ago, no hand-off and no system call
            OpenedFile cached = openFiles.fresh(match.mount().root(), rel);
            if (cached != null) {
                respond(ex, new FileLookup.Found(cached), conditions, zeroCopy);
                return;
            }
        }
        try {
            io.executor().execute(() -> {
                FileLookup lookup;
                try {
                    if (manifestRoute) {
                        List<String> image = rel.subList(0, rel.size() - 1);
                        if (FileResolver.openInFolder(match.mount().root(), image) instanceof FileInFolder found) {
                            sendManifest(ex, found, String.join("/", image));
                            return;
                        }
                    }
                    lookup = openFiles.open(match.mount().root(), rel);
                } catch (Exception e) {
                    LOG.warn("looking up {} failed", rel, e);
                    ctx.executor().execute(() -> ex.send(error(HttpResponseStatus.INTERNAL_SERVER_ERROR)));
                    return;
                }
                FileLookup result = lookup;
                ctx.executor().execute(() -> respond(ex, result, conditions, zeroCopy));
            });
        } catch (RuntimeException rejected) {
            ex.send(error(HttpResponseStatus.SERVICE_UNAVAILABLE));
        }
    }

    /**
     * The manifest of an image opened without following symlinks. The image and its folder stay open until the
     * manifest is known: it is hashed through the image's descriptor, and its stored copy read and replaced
     * relative to the folder's descriptor, so nothing is read or written through a folder swapped for a symlink.
     */
    private void sendManifest(Exchange ex, FileInFolder image, String name) {
        ex.route(RouteClass.MANIFEST);
        String opened = image.file().version().etag();
        manifests.get(image, name).whenComplete((m, e) -> {
            closeQuietly(image);
            ex.ctx().executor().execute(() -> {
                if (e != null) {
                    LOG.warn("computing the manifest of {} failed", name, e);
                    ex.send(error(HttpResponseStatus.SERVICE_UNAVAILABLE));
                    return;
                }
                // a request that joined a computation started for another version of the file (replaced in
                // between) gets a manifest of that version: not the image it opened, so not served (the agent
                // retries the 503)
                if (!m.etag().equals(opened)) {
                    LOG.debug("the manifest of {} describes {}, not the image opened ({}); refused", name, m.etag(),
                            opened);
                    ex.send(error(HttpResponseStatus.SERVICE_UNAVAILABLE));
                    return;
                }
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(ManifestJson.toBytes(m)));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                ex.send(r);
            });
        });
    }

    private static void closeQuietly(FileInFolder image) {
        try {
            image.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing {} failed", image.file().path(), e);
        }
    }

    private void respond(Exchange ex, FileLookup lookup, Conditions c, boolean zeroCopy) {
        if (lookup instanceof FileLookup.NotFound nf) {
            if (nf.why() == FileLookup.Why.SYMLINK_ESCAPE) {
                metrics.requestRejected(RejectReason.SYMLINK_ESCAPE);
            }
            ex.send(error(HttpResponseStatus.NOT_FOUND));
            return;
        }
        OpenedFile file = ((FileLookup.Found) lookup).file();
        if (!ex.ctx().channel().isActive()) {
            file.close();
            ex.abort(499);
            return;
        }
        long length = file.version().length();
        Preconditions.Outcome outcome = Preconditions.evaluate(file.version(), c.ifMatch(), c.ifUnmodifiedSince(),
                c.ifNoneMatch(), c.ifModifiedSince());
        if (outcome != Preconditions.Outcome.PROCEED) {
            file.close();
            FullHttpResponse r = outcome == Preconditions.Outcome.NOT_MODIFIED
                    ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED)
                    : error(HttpResponseStatus.PRECONDITION_FAILED);
            validators(r, file);
            ex.send(r);
            return;
        }
        // RFC 9110 §14.2: Range is defined for GET only; HEAD and others get the 200 view
        RangeRequest ranges = HttpMethod.GET.equals(ex.method()) && c.range() != null
                && Preconditions.rangeApplies(file.version(), c.ifRange())
                ? RangeHeader.parse(c.range(), length, limits.maxRanges())
                : new RangeRequest.Whole(RangeRequest.Reason.NOT_REQUESTED);
        if (ranges instanceof RangeRequest.Unsatisfiable) {
            file.close();
            metrics.requestRejected(RejectReason.RANGE_NOT_SATISFIABLE);
            FullHttpResponse r = error(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
            ex.send(r);
            return;
        }
        String type = ContentTypes.of(file.path().getFileName().toString());
        HttpResponse r;
        List<BodyPart> body;
        if (ranges instanceof RangeRequest.Partial partial && partial.single()) {
            ByteRange only = partial.ranges().get(0);
            r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .set(HttpHeaderNames.CONTENT_RANGE, only.contentRange(length))
                    .set(HttpHeaderNames.CONTENT_LENGTH, only.length());
            body = List.of(new BodyPart.FileRange(only.first(), only.length()));
        } else if (ranges instanceof RangeRequest.Partial partial) {
            MultipartRanges multipart = new MultipartRanges(partial.ranges(), length, type);
            r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, multipart.headerValue())
                    .set(HttpHeaderNames.CONTENT_LENGTH, multipart.contentLength());
            body = multipart.parts(ex.ctx().alloc());
        } else {
            if (((RangeRequest.Whole) ranges).reason() == RangeRequest.Reason.AMPLIFICATION) {
                metrics.requestRejected(RejectReason.RANGE_AMPLIFICATION);
            }
            r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, length);
            body = List.of(new BodyPart.FileRange(0, length));
        }
        validators(r, file);
        r.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        ex.stamp(r);
        ex.ctx().write(r, ex.ctx().voidPromise());
        if (ex.isHead()) {
            body.forEach(p -> {
                if (p instanceof BodyPart.Bytes b) {
                    b.buf().release();
                }
            });
            body = List.of();
        }
        new FileBodyWriter(ex, file, body, zeroCopy, limits.sendChunkBytes(), io, metrics, r.status().code()).start();
    }

    private static void validators(HttpResponse r, OpenedFile file) {
        r.headers().set(HttpHeaderNames.ETAG, file.version().etag())
                .set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(file.version().modifiedSeconds()));
    }

    private static FullHttpResponse error(HttpResponseStatus status) {
        return Exchange.plainError(status);
    }
}
