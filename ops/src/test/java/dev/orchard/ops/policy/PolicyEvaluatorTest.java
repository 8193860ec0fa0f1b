package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each matcher, AND/OR, first-match precedence and three-valued matching, table-driven. */
class PolicyEvaluatorTest {

    @TempDir
    static Path dir;

    static ConfigSnapshot snapshot;

    @BeforeAll
    static void load() {
        snapshot = TestConfigs.load(dir, TestConfigs.WORKFLOW
                + "groups:\n  - name: kiosks\n    mac: [00:1b:63:84:45:e6]\n    serial: [C02KIOSK0001]\n"
                + "inventory: [inv.csv]\n"
                + "policies:\n"
                + TestConfigs.thin("by-mac", "{mac: [aa-bb-cc-dd-ee-01, AABBCCDDEE02]}")
                + TestConfigs.thin("by-serial", "{serial: [c02serial001, C02SERIAL002]}")
                + TestConfigs.thin("by-model-exact", "{model: \"MacBookPro15,1\"}")
                + TestConfigs.thin("by-model-glob", "{model: \"iMac18,*\"}")
                + TestConfigs.thin("by-subnet", "{subnet: [10.1.0.0/16, 192.168.5.0/24]}")
                + TestConfigs.thin("by-group-inline", "{group: kiosks}")
                + TestConfigs.thin("by-group-inventory", "{group: science}")
                + TestConfigs.thin("and-fields", "{model: \"Macmini*\", subnet: 10.9.0.0/16}")
                + "  - name: default\n    action: none\n",
                "inv.csv", "mac,serial,name,group\na4:83:e7:11:22:33,C07ZZ1ABJYVX,science-01,science\n"
                        + ",C07ZZ1ABJYVY,science-02,science\n");
    }

    @ParameterizedTest(name = "{0} serial={1} model={2} ip={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            // MAC forms: colon, dash, none, one-digit octets as macOS prints them, any case
            "aa:bb:cc:dd:ee:01, -, -, -, by-mac",
            "AA-BB-CC-DD-EE-02, -, -, -, by-mac",
            "aabbccddee01, -, -, -, by-mac",
            "aa:bb:cc:dd:ee:2, -, 'iMac18,1', -, by-mac",
            // serial lists, normalised to upper case
            "00:00:00:00:00:01, c02serial001, -, -, by-serial",
            "00:00:00:00:00:01, C02SERIAL002, 'iMac18,1', -, by-serial",
            // model exact and glob
            "00:00:00:00:00:01, C02OTHER0001, 'MacBookPro15,1', -, by-model-exact",
            "00:00:00:00:00:01, C02OTHER0001, 'MacBookPro15,2', -, default",
            "00:00:00:00:00:01, C02OTHER0001, 'iMac18,3', -, by-model-glob",
            "00:00:00:00:00:01, C02OTHER0001, 'iMac19,1', -, default",
            // CIDR lists
            "00:00:00:00:00:01, C02OTHER0001, 'iMac19,1', 10.1.200.3, by-subnet",
            "00:00:00:00:00:01, C02OTHER0001, 'iMac19,1', 192.168.5.77, by-subnet",
            "00:00:00:00:00:01, C02OTHER0001, 'iMac19,1', 10.2.0.1, default",
            // inline group, by MAC and by serial
            "00:1b:63:84:45:e6, -, 'iMac19,1', 10.2.0.1, by-group-inline",
            "00:00:00:00:00:02, C02KIOSK0001, 'iMac19,1', 10.2.0.1, by-group-inline",
            // inventory group: by MAC (serial then comes from the inventory), and a serial-only row
            "a4:83:e7:11:22:33, -, 'iMac19,1', 10.2.0.1, by-group-inventory",
            "00:00:00:00:00:03, c07zz1abjyvy, 'iMac19,1', 10.2.0.1, by-group-inventory",
            // fields AND together
            "00:00:00:00:00:04, C02OTHER0001, 'Macmini8,1', 10.9.1.1, and-fields",
            "00:00:00:00:00:04, C02OTHER0001, 'Macmini8,1', 10.8.1.1, default",
            "00:00:00:00:00:04, C02OTHER0001, 'iMac19,1', 10.9.1.1, default",
    })
    void eachMatcher(String mac, String serial, String model, String ip, String expected) {
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse(mac, serial, model, ip));
        assertThat(d.rule().name()).isEqualTo(expected);
        RuleEvaluation winner = d.trace().stream().filter(e -> e.rule().equals(expected)).findFirst().orElseThrow();
        assertThat(winner.outcome()).isEqualTo(Outcome.MATCH);
        // every rule after the winner is listed as not reached; none before it matched (some may be
        // undecided when the IP or serial was not given)
        int at = d.trace().indexOf(winner);
        assertThat(d.trace().subList(at + 1, d.trace().size())).allMatch(e -> e.outcome() == Outcome.NOT_REACHED);
        assertThat(d.trace().subList(0, at)).allMatch(e -> e.outcome() == Outcome.NO_MATCH
                || e.outcome() == Outcome.UNKNOWN && (ip == null || serial == null));
    }

    @Test
    void unknownFactsAreUndecidedAndDoNotMatch() {
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse("00:00:00:00:00:09", null, null, null));
        assertThat(d.rule().name()).isEqualTo("default");
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.undecidedRules()).extracting(RuleEvaluation::rule).containsExactly("by-serial",
                "by-model-exact", "by-model-glob", "by-subnet", "by-group-inline", "by-group-inventory", "and-fields");
        assertThat(d.bsdp().offered()).as("no NBI from undecided rules: silence").isEmpty();
        RuleEvaluation serial = d.trace().get(1);
        assertThat(serial.checks()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(c.detail()).isEqualTo("serial not known at BSDP time (not in an inventory with this MAC)");
        });
    }

    @Test
    void bsdpOffersTheDecidingRulesNbiAlone() {
        // model known (BSDP gives it), serial not: by-serial is undecided and skipped, the glob decides
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse("00:00:00:00:00:09", null, "iMac18,2",
                null));
        assertThat(d.rule().name()).isEqualTo("by-model-glob");
        assertThat(d.bsdp().offered()).contains("NBI-by-model-glob");
        assertThat(d.bsdp().rule()).isEqualTo(d.rule());
    }

    @Test
    void aSerialBsdpCannotKnowGivesThePlanItsRuleAndBsdpTheRuleWithoutIt() {
        Decision plan = PolicyEvaluator.decide(snapshot, MachineIdentity.parse("00:00:00:00:00:09", "C02SERIAL002",
                "iMac18,2", null));
        assertThat(plan.rule().name()).isEqualTo("by-serial");
        assertThat(plan.bsdp().rule().name()).isEqualTo("by-model-glob");
        assertThat(plan.bsdp().offered()).contains("NBI-by-model-glob");
        // the inventory lists a4:83:e7:11:22:33 with its serial: BSDP knows it, both agree
        Decision known = PolicyEvaluator.decide(snapshot, MachineIdentity.parse("a4:83:e7:11:22:33", "C07ZZ1ABJYVX",
                "iMac19,1", "10.2.0.1"));
        assertThat(known.rule().name()).isEqualTo("by-group-inventory");
        assertThat(known.bsdp().rule()).isEqualTo(known.rule());
    }

    @Test
    void firstMatchInFileOrderWins(@TempDir Path other) {
        ConfigSnapshot s = TestConfigs.load(other, TestConfigs.WORKFLOW + "policies:\n"
                + TestConfigs.thin("all-imacs", "{model: \"iMac*\"}")
                + TestConfigs.thin("one-mac", "{mac: 00:1b:63:84:45:e6}"));
        assertThat(PolicyEvaluator.decide(s, MachineIdentity.parse("00:1b:63:84:45:e6", null, "iMac18,1", null))
                .rule().name()).isEqualTo("all-imacs");
        assertThat(PolicyEvaluator.decide(s, MachineIdentity.parse("00:1b:63:84:45:e6", null, "Macmini8,1", null))
                .rule().name()).isEqualTo("one-mac");
        Decision none = PolicyEvaluator.decide(s, MachineIdentity.parse("00:1b:63:84:45:e7", null, "Macmini8,1", null));
        assertThat(none.matched()).isFalse();
        assertThat(none.action()).isEqualTo(Action.NONE);
        assertThat(none.bsdp().offered()).isEmpty();
        assertThat(none.trace()).extracting(RuleEvaluation::outcome).containsExactly(Outcome.NO_MATCH,
                Outcome.NO_MATCH);
    }

    @Test
    void variablesAreSubstitutedInTheNameAndEveryStep(@TempDir Path other) {
        ConfigSnapshot s = TestConfigs.load(other, "workflows:\n  - name: base\n    steps:\n"
                        + "      - {type: localize, timezone: \"{model}-tz\"}\n"
                        + "  - name: w\n    steps:\n"
                        + "      - {type: include, workflow: base}\n"
                        + "      - type: script\n        content: \"echo {serial} {model} {mac} {name} ${HOME} {{serial}}\"\n"
                        + "      - {type: computer_name}\n"
                        + "      - {type: package, url: \"https://example.org/{model}.pkg\","
                        + " sha256: ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d}\n"
                        + "policies:\n  - name: p\n    nbi: N\n    action: thin\n    workflow: w\n"
                        + "    computer_name: \"lab-{name}-{serial}\"\n"
                        + "inventory: [inv.csv]\n",
                "inv.csv", "a4:83:e7:11:22:33,C07ZZ1ABJYVX,science-01,\n");
        Decision d = PolicyEvaluator.decide(s, MachineIdentity.parse("a4:83:e7:11:22:33", null, "Macmini8,1", null));
        assertThat(d.computerName()).isEqualTo("lab-science-01-C07ZZ1ABJYVX");
        assertThat(d.machineName()).isEqualTo("science-01");
        assertThat(d.missingVariables()).isEmpty();
        List<dev.orchard.ops.config.WorkflowStep> steps = d.workflow().steps();
        assertThat(steps).hasSize(4);
        assertThat(((dev.orchard.ops.config.WorkflowStep.Localize) steps.get(0)).timezone()).isEqualTo("Macmini8,1-tz");
        assertThat(((dev.orchard.ops.config.WorkflowStep.Script) steps.get(1)).content())
                .isEqualTo("echo C07ZZ1ABJYVX Macmini8,1 a4:83:e7:11:22:33 science-01 ${HOME} {serial}");
        assertThat(((dev.orchard.ops.config.WorkflowStep.ComputerName) steps.get(2)).value())
                .isEqualTo("lab-science-01-C07ZZ1ABJYVX");
        assertThat(((dev.orchard.ops.config.WorkflowStep.Package) steps.get(3)).url())
                .isEqualTo("https://example.org/Macmini8,1.pkg");

        Decision unknown = PolicyEvaluator.decide(s, MachineIdentity.parse("00:00:00:00:00:01", null, null, null));
        assertThat(unknown.computerName()).isEqualTo("lab--");
        assertThat(unknown.missingVariables()).containsExactlyInAnyOrder("name", "serial", "model");
    }
}
