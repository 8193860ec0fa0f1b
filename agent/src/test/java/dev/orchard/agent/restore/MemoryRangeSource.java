package dev.orchard.agent.restore;

import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.agent.transfer.RangeSource;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory image served with ranges, for property tests: responses break after a given number of
 * body bytes (one break point per response, consumed in order), and a byte can be served flipped.
 */
final class MemoryRangeSource implements RangeSource {

    private final byte[] image;
    private final String etag;
    private final long[] breaks;
    private final long flipAt;
    private int nextBreak;
    final AtomicLong served = new AtomicLong();
    int opened;

    MemoryRangeSource(byte[] image, String etag, long[] breaks, long flipAt) {
        this.image = image;
        this.etag = etag;
        this.breaks = breaks.clone();
        this.flipAt = flipAt;
    }

    @Override
    public RangeResponse open(URI url, long from, long toExclusive, String ifRange) {
        opened++;
        long end = toExclusive < 0 ? image.length : Math.min(toExclusive, image.length);
        long breakAfter = nextBreak < breaks.length ? breaks[nextBreak++] : Long.MAX_VALUE;
        return new RangeResponse() {
            long at = from;
            long sent;

            @Override
            public int status() {
                return 206;
            }

            @Override
            public long bodyStart() {
                return from;
            }

            @Override
            public long bodyLength() {
                return end - from;
            }

            @Override
            public String etag() {
                return etag;
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (at >= end) {
                    return -1;
                }
                if (sent >= breakAfter) {
                    throw new IOException("connection reset (test break after " + breakAfter + " bytes)");
                }
                int n = (int) Math.min(Math.min(dst.remaining(), end - at), Math.min(breakAfter - sent, 7919));
                byte[] part = Arrays.copyOfRange(image, (int) at, (int) at + n);
                if (flipAt >= at && flipAt < at + n) {
                    part[(int) (flipAt - at)] ^= 1;
                }
                dst.put(part);
                at += n;
                sent += n;
                served.addAndGet(n);
                return n;
            }

            @Override
            public void close() {
            }
        };
    }
}
