package dev.orchard.http.multicast;

/**
 * The multicast sender's total rate, adapted to the loss its receivers report: additive increase, multiplicative
 * decrease (AIMD; Chiu and Jain 1989, as TCP's congestion avoidance, RFC 5681 §3.1), bounded above by the
 * configured cap and below by a floor. Pure and clock-free: the caller feeds one loss figure per control
 * interval ({@link MulticastStreams} every {@value MulticastStreams#ADAPT_MILLIS} ms). Not thread-safe.
 * <p>Why these constants: a loss above {@value #BACK_OFF_LOSS} (5 %) at the median receiver means the path
 * (a switch port, the server's uplink) is overloaded — random loss on a healthy LAN is far below it, and a lone
 * slow receiver never moves the median. The decrease is CUBIC's β = 0.7 (RFC 8312 §4.5), gentler than Reno's
 * halving, because nothing is lost for good: whatever the stream misses, HTTP repairs. The increase brings the
 * rate from the floor back to the cap in {@value #STEPS_TO_CAP} intervals.
 */
final class AimdRate {

    static final double BACK_OFF_LOSS = 0.05;
    static final double DECREASE = 0.7;
    static final int STEPS_TO_CAP = 20;
    /** A stream slower than this helps no receiver more than HTTP would. */
    static final long MIN_FLOOR = 1_000_000;

    private long cap;
    private long rate;

    /** Starts at the cap: the admin set it below the slowest link the stream crosses (docs/multicast.md). */
    AimdRate(long capBitsPerSecond) {
        if (capBitsPerSecond < MIN_FLOOR) {
            throw new IllegalArgumentException("cap " + capBitsPerSecond + " bit/s is below " + MIN_FLOOR);
        }
        this.cap = capBitsPerSecond;
        this.rate = capBitsPerSecond;
    }

    long rate() {
        return rate;
    }

    long cap() {
        return cap;
    }

    /** A tenth of the cap, at least {@value #MIN_FLOOR} bit/s. */
    long floor() {
        return Math.max(MIN_FLOOR, cap / 10);
    }

    /** A new cap (a stream started with other settings, a reload): the rate never stays above it. */
    void cap(long capBitsPerSecond) {
        if (capBitsPerSecond < MIN_FLOOR) {
            throw new IllegalArgumentException("cap " + capBitsPerSecond + " bit/s is below " + MIN_FLOOR);
        }
        cap = capBitsPerSecond;
        rate = Math.min(rate, cap);
    }

    /**
     * One control interval.
     *
     * @param loss the median reporting receiver's fraction of datagrams missed in the interval, or NaN when no
     *             receiver reported (nothing says the path is overloaded)
     * @return the new total rate, bit/s
     */
    long interval(double loss) {
        if (loss > BACK_OFF_LOSS) {
            rate = Math.max(floor(), (long) (rate * DECREASE));
        } else {
            rate = Math.min(cap, rate + Math.max(1, cap / STEPS_TO_CAP));
        }
        return rate;
    }
}
