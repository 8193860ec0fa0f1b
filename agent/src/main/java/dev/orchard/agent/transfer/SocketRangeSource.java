package dev.orchard.agent.transfer;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranged GETs over {@link PlainHttp}, the restore's hot path: the body goes straight from the socket
 * into the caller's (direct, aligned) buffer, so the only copy is the kernel's.
 */
public final class SocketRangeSource implements RangeSource {

    private final PlainHttp http;

    public SocketRangeSource(HttpSettings settings) {
        this.http = new PlainHttp(settings);
    }

    @Override
    public RangeResponse open(URI url, long from, long toExclusive, String ifRange) throws IOException {
        return send(url, ByteSpan.rangeHeader(from, toExclusive), ifRange);
    }

    @Override
    public boolean asksManyRanges() {
        return true;
    }

    @Override
    public RangeResponse openRanges(URI url, List<ByteSpan> spans, String ifRange) throws IOException {
        return send(url, ByteSpan.rangeHeader(spans), ifRange);
    }

    private RangeResponse send(URI url, String range, String ifRange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (range != null) {
            headers.put("Range", range);
            if (ifRange != null) {
                headers.put("If-Range", ifRange);
            }
        }
        PlainHttp.Response response = http.exchange("GET", url, headers, null);
        if (response.head().chunked()) {
            response.close();
            throw new MalformedResponseException("chunked transfer coding is not supported for " + url.getPath());
        }
        return response;
    }
}
