package dev.orchard.ops.mdm;

import dev.orchard.http.spi.AdminRefusedException;
import dev.orchard.http.spi.EraseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.orchard.ops.mdm.FlowRig.MAC;
import static dev.orchard.ops.mdm.FlowRig.PLAIN_MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hourly cap holds across a restart: the erases started in the last hour are counted from the journal,
 * so stopping the server does not reset the guard (here {@code max_per_hour: 1}).
 */
class EraseTriggerTest {

    @TempDir
    Path dir;

    private static EraseRequest macs(String... macs) {
        return new EraseRequest(List.of(macs), List.of(), List.of(), false, null);
    }

    @Test
    void theHourlyCapIsCountedFromTheJournalAfterARestart() throws Exception {
        try (FlowRig rig = new FlowRig(dir)) {
            rig.authenticate(FlowRig.UDID, FlowRig.SERIAL);
            rig.authenticate(FlowRig.PLAIN_UDID, FlowRig.PLAIN_SERIAL);
            Map<String, Object> first = rig.trigger().erase(macs(MAC));
            assertThat(first.get("started")).isEqualTo(List.of(MAC));
            rig.restart();

            assertThatThrownBy(() -> rig.trigger().erase(macs(PLAIN_MAC)))
                    .isInstanceOfSatisfying(AdminRefusedException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("1 erase(s) started in the last hour");
                    });
            rig.advance(Duration.ofMinutes(61));
            assertThat(rig.trigger().erase(macs(PLAIN_MAC)).get("started")).isEqualTo(List.of(PLAIN_MAC));
            assertThat(rig.sentTypes()).containsExactly("DeviceInformation", "DeviceInformation");
        }
    }
}
