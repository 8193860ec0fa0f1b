package dev.orchard.http.multicast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AIMD controller of the sender's total rate: starts at the cap, ×0.7 above 5 % loss, +cap/20 otherwise, floor and cap hold. */
class AimdRateTest {

    static final long CAP = 200_000_000;

    @Test
    void lossAboveTheThresholdMultipliesBySevenTenthsDownToTheFloor() {
        AimdRate r = new AimdRate(CAP);
        assertThat(r.rate()).isEqualTo(CAP);
        assertThat(r.interval(0.06)).isEqualTo(140_000_000);
        assertThat(r.interval(0.5)).isEqualTo(98_000_000);
        for (int i = 0; i < 20; i++) {
            r.interval(1.0);
        }
        assertThat(r.rate()).as("never below a tenth of the cap").isEqualTo(CAP / 10).isEqualTo(r.floor());
    }

    @Test
    void noLossOrLossAtTheThresholdCreepsUpByATwentiethOfTheCapUpToIt() {
        AimdRate r = new AimdRate(CAP);
        r.interval(0.2);
        assertThat(r.rate()).isEqualTo(140_000_000);
        assertThat(r.interval(0.0)).isEqualTo(150_000_000);
        assertThat(r.interval(AimdRate.BACK_OFF_LOSS)).as("exactly 5 %% is not overload").isEqualTo(160_000_000);
        assertThat(r.interval(Double.NaN)).as("no report: nothing says the path is overloaded").isEqualTo(170_000_000);
        for (int i = 0; i < 10; i++) {
            r.interval(0.01);
        }
        assertThat(r.rate()).isEqualTo(CAP);
    }

    @Test
    void aLowerCapTakesEffectAtOnceAndTheFloorNeverGoesUnderOneMegabit() {
        AimdRate r = new AimdRate(CAP);
        r.cap(50_000_000);
        assertThat(r.rate()).isEqualTo(50_000_000);
        AimdRate slow = new AimdRate(2_000_000);
        for (int i = 0; i < 10; i++) {
            slow.interval(0.9);
        }
        assertThat(slow.rate()).isEqualTo(AimdRate.MIN_FLOOR);
        assertThatThrownBy(() -> new AimdRate(999_999)).isInstanceOf(IllegalArgumentException.class);
    }
}
