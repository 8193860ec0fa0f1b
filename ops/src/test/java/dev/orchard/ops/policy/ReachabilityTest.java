package dev.orchard.ops.policy;

import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Load-time detection of rules that can never apply (errors) and list values that never do (warnings). */
class ReachabilityTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{0}] then [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "{model: \"iMac*\"}                    | {model: \"iMac18,*\"}                          | shadowed",
            "{model: \"iMac18,*\"}                 | {model: \"iMac*\"}                             | ok",
            "{model: \"iMac18,*\"}                 | {model: \"iMac18,1\", subnet: 10.1.0.0/16}     | shadowed",
            "{model: [\"iMac18,*\", \"Mac*\"]}     | {model: [\"iMac18,2\", \"Macmini8,1\"]}        | shadowed",
            "{model: \"*,1\"}                      | {model: \"iMac18,*\"}                          | ok",
            "{subnet: 10.0.0.0/8}                 | {subnet: 10.1.0.0/16}                          | shadowed",
            "{subnet: 10.1.0.0/16}                | {subnet: 10.0.0.0/8}                           | ok",
            "{subnet: [10.1.0.0/24, 10.1.1.0/24]} | {subnet: 10.1.0.0/23}                          | ok",
            "{mac: [00:00:00:00:00:0a, 00:00:00:00:00:0b]} | {mac: 00-00-00-00-00-0B}              | shadowed",
            "{serial: C02XK0AAJG5J, model: \"iMac*\"} | {serial: C02XK0AAJG5J}                     | ok",
            "{serial: C02XK0AAJG5J}                | {serial: C02XK0AAJG5J, model: \"iMac*\"}      | shadowed",
            "{group: g}                           | {mac: 00:00:00:00:00:0a}                       | shadowed",
            "{group: g}                           | {serial: C02GROUP0001}                         | shadowed",
            "{group: g}                           | {group: [g, h]}                                | ok",
            "{group: [g, h]}                      | {group: h, model: \"iMac*\"}                   | shadowed",
            "{model: \"iMac*\"}                    | {subnet: 10.0.0.0/8}                           | ok",
    })
    void shadowing(String earlier, String later, String expected) {
        ConfigLoader.Result r = TestConfigs.check(dir, TestConfigs.WORKFLOW
                + "groups:\n  - name: g\n    mac: [00:00:00:00:00:0a]\n    serial: [C02GROUP0001]\n"
                + "  - name: h\n    mac: [00:00:00:00:00:0c]\n"
                + "policies:\n" + TestConfigs.thin("earlier", earlier) + TestConfigs.thin("later", later));
        if (expected.equals("shadowed")) {
            assertThat(r.errors()).singleElement().satisfies(p -> {
                assertThat(p.at().line()).isEqualTo(16);
                assertThat(p.message()).startsWith("policy 'later' can never apply: policy 'earlier' at ")
                        .contains("orchard.yaml:11:5");
            });
        } else {
            assertThat(r.problems()).filteredOn(p -> !p.message().contains(SERIAL_WARNING)).isEmpty();
        }
    }

    private static final String SERIAL_WARNING = "in no inventory row with a MAC";

    /**
     * A serial rule decides a Mac's netboot only when an inventory row gives the serial with a MAC (BSDP
     * never carries the serial): validate warns, at the rule, for every other serial it names, listed or
     * through a group.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{serial: [C02INVENTORY1, C02NOWHERE01]} | serial C02NOWHERE01 (1 of 2) is in no inventory row with a MAC",
            "{serial: [c02nowhere01, C02NOWHERE02]}  | serials C02NOWHERE01, C02NOWHERE02 (2 of 2) are in no inventory",
            "{group: staff}                          | serial C02STAFFONLY (1 of 2) is in no inventory row with a MAC",
            "{serial: C02INVENTORY1}                 | -",
            "{group: kiosks}                         | -",
            "{mac: 00:00:00:00:00:0a}                | -",
    })
    void serialsNoInventoryRowGivesWithAMacAreAWarningAtTheRule(String match, String warning) {
        ConfigLoader.Result r = TestConfigs.check(dir, TestConfigs.WORKFLOW + "inventory: [inv.csv]\n"
                        + "groups:\n  - name: staff\n    serial: [C02INVENTORY1, C02STAFFONLY]\n"
                        + "  - name: kiosks\n    mac: [00:00:00:00:00:0b]\n"
                        + "policies:\n" + TestConfigs.thin("rule", match),
                "inv.csv", "mac,serial,name,group\n00:00:00:00:00:0a,C02INVENTORY1,one,\n,C02SERIALONLY,two,\n");
        assertThat(r.snapshot()).isPresent();
        if (warning.equals("-")) {
            assertThat(r.problems()).isEmpty();
        } else {
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.isError()).isFalse();
                assertThat(p.at().line()).isEqualTo(11);
                assertThat(p.message()).startsWith("policy 'rule': " + warning);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{mac: [00:00:00:00:00:0a, 00:00:00:00:00:0b]} | mac 00:00:00:00:00:0a never takes effect here",
            "{model: [\"iMac18,1\", \"MacBookPro15,1\"]}   | model iMac18,1 never takes effect here",
            "{subnet: [10.9.9.0/24, 172.16.0.0/12]}      | subnet 10.9.9.0/24 never takes effect here",
            "{mac: [00:00:00:00:00:0b, 00:00:00:00:00:0B]} | match.mac lists 00:00:00:00:00:0b twice",
    })
    void valuesThatNeverTakeEffectAreWarnings(String later, String warning) {
        ConfigLoader.Result r = TestConfigs.check(dir, TestConfigs.WORKFLOW + "policies:\n"
                + TestConfigs.thin("earlier", "{mac: 00:00:00:00:00:0a}")
                + TestConfigs.thin("imacs", "{model: \"iMac*\"}")
                + TestConfigs.thin("tens", "{subnet: 10.0.0.0/8}")
                + TestConfigs.thin("later", later));
        assertThat(r.snapshot()).isPresent();
        assertThat(r.problems()).filteredOn(p -> !p.isError()).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).contains(warning));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}",
            "''",
    })
    void anEmptyMatchIsADefaultAndMustBeLast(String emptyMatch) {
        String rule = emptyMatch.equals("''") ? TestConfigs.thin("catch-all", "") : TestConfigs.thin("catch-all", "{}");
        ConfigLoader.Result r = TestConfigs.check(dir, TestConfigs.WORKFLOW + "policies:\n" + rule
                + TestConfigs.thin("later", "{model: \"iMac*\"}"));
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.at().line()).isEqualTo(5);
            assertThat(p.message()).contains("must be the last rule").contains("'later' at ");
        });
    }
}
