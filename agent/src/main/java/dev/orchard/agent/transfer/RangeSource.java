package dev.orchard.agent.transfer;

import java.io.IOException;
import java.net.URI;

/** Opens ranged GETs of one resource. */
public interface RangeSource {

    /**
     * Requests bytes {@code [from, toExclusive)} of {@code url} ({@code toExclusive < 0}: to the end).
     * With {@code ifRange} (a strong ETag) the server answers 206 when the resource is unchanged and 200
     * with the whole resource when it changed (RFC 9110 §13.1.5).
     */
    RangeResponse open(URI url, long from, long toExclusive, String ifRange) throws IOException;

    /** Whether {@link #openRanges} works: the real clients do; a source that serves one range at a time does not. */
    default boolean asksManyRanges() {
        return false;
    }

    /**
     * Requests several spans of {@code url} in one GET (RFC 9110 §14.1.2): the answer is 206 with a
     * {@code multipart/byteranges} body (or a single part), read with {@link MultipartByteranges}.
     */
    default RangeResponse openRanges(URI url, java.util.List<ByteSpan> spans, String ifRange) throws IOException {
        throw new UnsupportedOperationException("this source asks one range at a time");
    }

    /**
     * The implementation for a URL: the lean socket client for http, the JDK client for https (the one
     * given, or a new one).
     */
    static RangeSource forUrl(URI url, HttpSettings settings, java.net.http.HttpClient jdkClient) {
        if ("http".equalsIgnoreCase(url.getScheme())) {
            return new SocketRangeSource(settings);
        }
        java.net.http.HttpClient client = jdkClient != null ? jdkClient : java.net.http.HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout()).version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        return new JdkRangeSource(client, settings);
    }
}
