package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.TftpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OptionNegotiationTest {

    private static OptionNegotiation.Outcome negotiate(String... pairs) {
        return OptionNegotiation.negotiate(TftpOptions.of(pairs), true, 1468, 64);
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "blksize|0|ERROR", "blksize|7|ERROR", "blksize|8|8", "blksize|1468|1468", "blksize|65464|1468",
            "blksize|65465|1468", "blksize|-1|ERROR", "blksize|1e3|ERROR", "blksize|99999999999999999999|ERROR",
            "blksize|' 1468'|ERROR", "blksize|1468abc|ERROR", "blksize|''|ERROR",
            "windowsize|0|ERROR", "windowsize|1|1", "windowsize|16|16", "windowsize|65535|64", "windowsize|65536|64",
            "timeout|0|ERROR", "timeout|1|1", "timeout|255|255", "timeout|256|ERROR"})
    void valuesAreClampedOrRefused(String name, String value, String expected) {
        OptionNegotiation.Outcome o = negotiate(name, value);
        if (expected.equals("ERROR")) {
            assertThat(o).isInstanceOf(OptionNegotiation.Rejected.class);
            return;
        }
        assertThat(o).isInstanceOf(OptionNegotiation.Accepted.class);
        assertThat(((OptionNegotiation.Accepted) o).oack(100).get(name)).contains(expected);
    }

    @Test
    void onlyRequestedOptionsAreAnsweredAndUnknownOnesIgnored() {
        var o = (OptionNegotiation.Accepted) negotiate("foo", "bar", "tsize", "0");
        assertThat(o.oack(1234).values()).containsExactly(java.util.Map.entry("tsize", "1234"));
        var none = (OptionNegotiation.Accepted) negotiate("multicast", "");
        assertThat(none.oack(10).isEmpty()).isTrue();
    }

    @Test
    void tsizeIsTheRealSizeWhateverTheClientSentAndNotOfferedForNetascii() {
        var o = (OptionNegotiation.Accepted) negotiate("tsize", "99999999999999999999");
        assertThat(o.oack(42).get("tsize")).contains("42");
        var ascii = (OptionNegotiation.Accepted) OptionNegotiation.negotiate(TftpOptions.of("tsize", "0"), false,
                1468, 64);
        assertThat(ascii.oack(42).isEmpty()).isTrue();
    }

    @Test
    void anEmptyFileGetsNoTsizeBecauseCurlRefusesZero() {
        var o = (OptionNegotiation.Accepted) negotiate("tsize", "0", "blksize", "1468");
        assertThat(o.oack(0).values()).containsOnlyKeys("blksize");
    }
}
