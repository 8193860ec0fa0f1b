package dev.orchard.http.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Request framing validation, right after the HTTP decoder and before anything else sees a request: a request
 * whose body length two parsers could read differently (the request smuggling vectors of RFC 9112 §6 and
 * §11.2) is marked as undecodable, so the {@link RequestGuard} drops everything after it on the connection and
 * the {@link RequestRouter} answers it alone, in its turn, and closes. Nothing the client put after such a
 * request — its body, or requests pipelined behind it — is ever executed.
 * <p>Netty 4.2's decoder already refuses most of these itself (it is tested in {@code RequestSmugglingIT});
 * this check does not depend on that, and it also refuses what Netty accepts: a transfer coding before
 * {@code chunked} ({@code gzip, chunked}), which Netty frames as chunked but this server cannot decode.
 * Netty's own refusals keep their cause unless these rules name the framing problem more precisely.
 */
@ChannelHandler.Sharable
final class RequestFraming extends ChannelInboundHandlerAdapter {

    static final RequestFraming INSTANCE = new RequestFraming();

    /** 18 digits always fit a {@code long}; no body this server reads comes near 10^18 bytes. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private RequestFraming() {
    }

    /** A request refused for its framing: the status to answer (400 or 501) and why. */
    static final class BadFramingException extends RuntimeException {

        private final transient HttpResponseStatus status;

        BadFramingException(HttpResponseStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        HttpResponseStatus status() {
            return status;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            BadFramingException bad = check(request.protocolVersion(), request.headers());
            if (bad != null) {
                request.setDecoderResult(DecoderResult.failure(bad));
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The framing problem of a request head, or null when its body length is unambiguous. */
    static BadFramingException check(HttpVersion version, HttpHeaders headers) {
        List<String> transferEncoding = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> contentLength = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (!transferEncoding.isEmpty()) {
            return checkTransferEncoding(version, transferEncoding, !contentLength.isEmpty());
        }
        if (contentLength.isEmpty()) {
            return null;
        }
        // RFC 9110 §8.6 lets a recipient either reject duplicates or merge identical ones: we reject, as nginx does
        if (contentLength.size() > 1) {
            return bad("more than one Content-Length field");
        }
        String value = strip(contentLength.get(0));
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return bad("Content-Length is not a decimal number of at most " + MAX_LENGTH_DIGITS + " digits");
        }
        return null;
    }

    private static BadFramingException checkTransferEncoding(HttpVersion version, List<String> fields,
                                                             boolean alsoContentLength) {
        // RFC 9112 §6.1: an HTTP/1.0 recipient would not understand the coding, so its framing is faulty
        if (version.minorVersion() == 0 && version.majorVersion() == 1) {
            return bad("Transfer-Encoding in an HTTP/1.0 request");
        }
        // RFC 9112 §6.1: "MAY reject ... Regardless, the server MUST close the connection"; nginx rejects, so do we
        if (alsoContentLength) {
            return bad("both Content-Length and Transfer-Encoding");
        }
        List<String> codings = new ArrayList<>();
        for (String field : fields) {
            for (String element : field.split(",", -1)) {
                String coding = strip(element);
                if (!coding.isEmpty()) { // RFC 9110 §5.6.1: empty list elements are ignored
                    codings.add(coding.toLowerCase(Locale.ROOT));
                }
            }
        }
        // RFC 9112 §6.3 (4): without chunked as the final coding the length cannot be known: 400 and close
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
            return bad("chunked is not the final transfer coding");
        }
        if (codings.indexOf("chunked") != codings.size() - 1) {
            return bad("chunked is applied more than once"); // RFC 9112 §7: a sender MUST NOT
        }
        if (codings.size() > 1) {
            // RFC 9112 §6.1: a transfer coding the server does not understand SHOULD be answered 501
            return new BadFramingException(HttpResponseStatus.NOT_IMPLEMENTED,
                    "transfer coding " + codings.get(0) + " is not implemented");
        }
        return null;
    }

    private static BadFramingException bad(String message) {
        return new BadFramingException(HttpResponseStatus.BAD_REQUEST, message);
    }

    /** Without the optional whitespace (SP, HTAB) of RFC 9110 §5.6.3 around a value. */
    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
