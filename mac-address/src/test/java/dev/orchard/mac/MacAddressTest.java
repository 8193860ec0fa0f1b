package dev.orchard.mac;

import dev.orchard.testkit.MacAddressVectors;
import dev.orchard.testkit.MacAddressVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grammar itself against the shared vectors; every module repeats them through its own entry points. */
class MacAddressTest {

    static List<Vector> accepted() {
        return MacAddressVectors.accepted();
    }

    static List<Vector> rejected() {
        return MacAddressVectors.rejected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedFormsGiveTheCanonicalForm(Vector v) {
        MacAddress mac = MacAddress.parse(v.input());
        assertThat(mac.toString()).isEqualTo(v.canonical().orElseThrow());
        assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void everythingElseIsRejectedNamingTheAcceptedForms(Vector v) {
        assertThatThrownBy(() -> MacAddress.parse(v.input()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a MAC address")
                .hasMessageContaining(MacAddress.ACCEPTED_FORMS);
    }

    @Test
    void bytesRoundTrip() {
        byte[] packet = {9, 0x00, 0x1b, 0x63, (byte) 0x84, 0x45, (byte) 0xe6, 9};
        MacAddress mac = MacAddress.of(packet, 1);
        assertThat(mac).hasToString("00:1b:63:84:45:e6");
        assertThat(mac.toBytes()).containsExactly(0x00, 0x1b, 0x63, 0x84, 0x45, 0xe6);
        assertThat(MacAddress.parse("ff:ff:ff:ff:ff:ff").value()).isEqualTo(0xFFFF_FFFF_FFFFL);
    }

    @Test
    void longInputIsQuotedShortInTheMessage() {
        assertThatThrownBy(() -> MacAddress.parse("0".repeat(10_000)))
                .hasMessageStartingWith("'" + "0".repeat(40) + "…' is not a MAC address");
        assertThatThrownBy(() -> MacAddress.parse(null)).hasMessageStartingWith("no MAC address given");
    }
}
