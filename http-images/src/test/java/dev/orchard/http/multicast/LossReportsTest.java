package dev.orchard.http.multicast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receivers' loss reports: the median of the fresh ones, so one bad receiver never moves the lab's rate. */
class LossReportsTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void theMedianOfFreshReportsNotTheWorst() {
        LossReports r = new LossReports();
        r.add("a", 990, 10, 0);
        r.add("b", 980, 20, 0);
        r.add("c", 500, 500, 0); // one Mac on a bad cable
        assertThat(r.medianLoss(SECOND, 3 * SECOND)).isEqualTo(0.02);
        r.add("d", 970, 30, 0);
        assertThat(r.medianLoss(SECOND, 3 * SECOND)).isEqualTo(0.025);
    }

    @Test
    void aMacsNewReportReplacesItsOldOneAndStaleOrTinyReportsDoNotCount() {
        LossReports r = new LossReports();
        assertThat(r.medianLoss(0, SECOND)).isNaN();
        r.add("a", 800, 200, 0);
        r.add("a", 1000, 0, 2 * SECOND);
        assertThat(r.medianLoss(2 * SECOND, SECOND)).isEqualTo(0.0);
        r.add("b", 50, 49, 2 * SECOND); // 99 datagrams say too little
        assertThat(r.medianLoss(2 * SECOND, SECOND)).isEqualTo(0.0);
        assertThat(r.medianLoss(4 * SECOND, SECOND)).as("older than the window").isNaN();
    }
}
