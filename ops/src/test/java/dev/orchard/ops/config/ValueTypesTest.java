package dev.orchard.ops.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Normalisation at load: MACs, serials, model globs, subnets and template variables; Ok and Ko cases. */
class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"00:1b:63:84:45:e6", "00-1B-63-84-45-E6", "001b638445e6", "001B638445E6",
            "0:1b:63:84:45:e6", " 00:1B:63:84:45:e6 "})
    void macFormsNormaliseToLowerCaseColons(String text) {
        assertThat(MacAddress.parse(text)).hasToString("00:1b:63:84:45:e6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00:1b:63:84:45", "00:1b:63:84:45:e6:01", "00:1b:63:84:45:g6", "001b638445e", "001:b:63:84:45:e6",
            "00::63:84:45:e6"})
    void badMacsSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dev.orchard.mac.MacAddress.ACCEPTED_FORMS);
    }

    @Test
    void serialsAreUpperCased() {
        assertThat(Serials.normalize(" c02xk0aajg5j ")).isEqualTo("C02XK0AAJG5J");
        assertThatThrownBy(() -> Serials.normalize("C02-XK")).hasMessageContaining("not a serial number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "iMac18,*  | iMac18,1     | true",
            "iMac18,*  | iMac18,10    | true",
            "iMac18,*  | iMac181,1    | false",
            "iMac18,1  | iMac18,1     | true",
            "iMac18,1  | imac18,1     | false",
            "*Pro*     | MacBookPro15,1 | true",
            "Mac*      | iMac18,1     | false",
            "*         | Macmini8,1   | true",
    })
    void modelGlobs(String glob, String model, boolean matches) {
        assertThat(ModelPattern.parse(glob).matches(model)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "iMac*      | iMac18,*   | true",
            "iMac18,*   | iMac*      | false",
            "*,1        | iMac18,*   | false",
            "*Pro*      | MacBookPro* | true",
            "iMac18,1   | iMac18,1   | true",
            "iMac1*,*   | iMac18,*   | true",
            "iMac1*,1   | iMac18,*   | false",
    })
    void globCoverage(String wide, String narrow, boolean covers) {
        assertThat(ModelPattern.parse(wide).covers(ModelPattern.parse(narrow))).isEqualTo(covers);
    }

    @Test
    void subnets() {
        Cidr c = Cidr.parse("10.20.0.0/16");
        assertThat(c.contains(Ipv4.parse("10.20.255.1"))).isTrue();
        assertThat(c.contains(Ipv4.parse("10.21.0.1"))).isFalse();
        assertThat(Cidr.parse("10.20.1.5")).hasToString("10.20.1.5/32");
        assertThat(Cidr.parse("0.0.0.0/0").contains(Ipv4.parse("8.8.8.8"))).isTrue();
        assertThat(c.covers(Cidr.parse("10.20.4.0/24"))).isTrue();
        assertThat(Cidr.parse("10.20.4.0/24").covers(c)).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.20.1.5/16")).hasMessageContaining("did you mean 10.20.0.0/16?");
        assertThatThrownBy(() -> Cidr.parse("10.20.0.0/33")).hasMessageContaining("invalid prefix length");
        assertThatThrownBy(() -> Cidr.parse("10.20.0/16")).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> Ipv4.parse("256.1.1.1")).hasMessageContaining("is not an IPv4 address");
    }

    @Test
    void templates() {
        Map<String, String> values = new HashMap<>();
        values.put("serial", "C02XK0AAJG5J");
        values.put("model", "iMac18,1");
        values.put("mac", "00:1b:63:84:45:e6");
        Set<String> missing = new TreeSet<>();
        String out = Template.render("lab-{serial} {model} {mac} {name} ${HOME} {{serial}} {print $1}", values,
                missing);
        assertThat(out).isEqualTo("lab-C02XK0AAJG5J iMac18,1 00:1b:63:84:45:e6  ${HOME} {serial} {print $1}");
        assertThat(missing).containsExactly("name");
        assertThat(Template.unknownVariables("{serail} {serial} ${HOSTNAME} {{hostname}} {hostname}"))
                .containsExactly("serail", "hostname");
        assertThat(Template.usedVariables("{model}-{mac}")).containsExactly("mac", "model");
    }
}
