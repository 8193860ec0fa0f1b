package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.ModelPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PopulationTest {

    @TempDir
    static Path dir;
    static LabFixture fixture;
    static ConfigSnapshot snapshot;
    static NbiFiles nbis;
    static final IntFunction<Inet4Address> LOOPBACK = i -> dev.orchard.bsdp.codec.Ipv4.of(
            LabEndpoints.LOOPBACK_BASE + (i / 250) * 256 + 2 + i % 250);

    @BeforeAll
    static void setUp() {
        fixture = LabFixture.write(dir, 1 << 20, 10067, 10069, 10080);
        snapshot = fixture.snapshot();
        nbis = NbiFiles.scan(snapshot.config().images().nbiFolders());
    }

    @Test
    void theSameSeedGivesTheSameMacsAndAnotherSeedOthers() {
        List<LabMachine> a = Population.generate(snapshot, 30, 7, LOOPBACK);
        List<LabMachine> b = Population.generate(snapshot, 30, 7, LOOPBACK);
        List<LabMachine> c = Population.generate(snapshot, 30, 8, LOOPBACK);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void macsSerialsAndAddressesAreUnique() {
        List<LabMachine> macs = Population.generate(snapshot, 600, 3, LOOPBACK);
        assertThat(macs.stream().map(LabMachine::mac).distinct()).hasSize(600);
        assertThat(macs.stream().map(LabMachine::serial).distinct()).hasSize(600);
        assertThat(macs.stream().map(LabMachine::ciaddr).distinct()).hasSize(600);
        assertThat(macs).allSatisfy(m -> {
            assertThat(m.ciaddr().isLoopbackAddress()).isTrue();
            int last = m.ciaddr().getAddress()[3] & 0xFF;
            assertThat(last).isBetween(2, 251);
        });
    }

    @Test
    void eightMacsCoverEveryActionAndTheirAimsMatchThePolicy() {
        List<LabMachine> macs = Population.generate(snapshot, 8, 1, LOOPBACK);
        Map<Action, Long> byAction = macs.stream()
                .map(m -> Expectation.of(snapshot, nbis, m, "127.0.0.1").action())
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        // without an mdm: section the lab cannot play the MDM path: no Mac is aimed at an erase rule (docs/lab.md)
        assertThat(byAction.keySet()).containsExactlyInAnyOrder(java.util.Arrays.stream(Action.values())
                .filter(a -> a != Action.ERASE).toArray(Action[]::new));
        // the first rule of each action comes first: none (bench-imac), restore (kiosks), install (staff), thin
        assertThat(macs.subList(0, 4)).extracting(LabMachine::aimedAt)
                .containsExactly("bench-imac", "kiosks", "staff", "mac-pros");
        // one Mac per rule hits its aim (the 7th aims at the one-MAC rule again: that MAC is taken)
        for (LabMachine m : macs.subList(0, snapshot.config().policies().size())) {
            Expectation e = Expectation.of(snapshot, nbis, m, "127.0.0.1");
            assertThat(e.policy()).as("Mac %s aimed at %s", m.label(), m.aimedAt()).isEqualTo(m.aimedAt());
        }
    }

    @Test
    void withAnMdmModernMacsAreAimedAtTheEraseRulesAsInventoryMembersWithAppleSiliconModels(@TempDir Path mixedDir) {
        ConfigSnapshot mixed = LabFixture.writeMixed(mixedDir, 1 << 20, 18000).snapshot();
        NbiFiles mixedNbis = NbiFiles.scan(mixed.config().images().nbiFolders());
        List<LabMachine> macs = Population.generate(mixed, 20, 1, LOOPBACK);
        List<LabMachine> modern = macs.stream()
                .filter(m -> Expectation.of(mixed, mixedNbis, m, "127.0.0.1").action() == Action.ERASE).toList();
        assertThat(macs.stream().map(m -> Expectation.of(mixed, mixedNbis, m, "127.0.0.1").action()).distinct())
                .containsExactlyInAnyOrder(Action.values());
        // four erase rules among ten aimable ones: eight of twenty Macs, each the member of its rule's group
        assertThat(modern).hasSize(8).allSatisfy(m -> {
            assertThat(Population.MODERN_MODELS).contains(m.model());
            assertThat(m.aimedAt()).startsWith("erase-");
            assertThat(mixed.directory().lookup(m.mac(), null)).as("inventory row of %s", m.label()).isPresent()
                    .get().extracting(dev.orchard.ops.config.InventoryRow::serial).isEqualTo(m.serial());
            Expectation e = Expectation.of(mixed, mixedNbis, m, "127.0.0.1");
            assertThat(e.policy()).isEqualTo(m.aimedAt());
            assertThat(e.netboots()).as("BSDP offers an erase Mac nothing").isFalse();
            assertThat(e.withMdmFault(MdmFault.NEVER_BACK).endState()).isEqualTo("erase timed-out (never-came-back)");
            assertThat(e.endState()).isEqualTo("erase");
        });
    }

    @Test
    void theMdmFaultsGoToTheFirstModernMacsNeverBackThenLostThenDuplicated() {
        MdmChaos chaos = new MdmChaos(2, 1, 1, java.time.Duration.ZERO);
        assertThat(java.util.stream.IntStream.range(0, 6).mapToObj(chaos::faultOf)).containsExactly(
                MdmFault.NEVER_BACK, MdmFault.LOST_WEBHOOK, MdmFault.LOST_WEBHOOK, MdmFault.DUPLICATED_WEBHOOK,
                MdmFault.NONE, MdmFault.NONE);
    }

    @Test
    void aGroupOfFourGivesFourMembersThenRandomMacsThatFallThrough() {
        List<LabMachine> kiosks = Population.generate(snapshot, 60, 5, LOOPBACK).stream()
                .filter(m -> "kiosks".equals(m.aimedAt())).toList();
        assertThat(kiosks).hasSizeGreaterThan(4);
        assertThat(kiosks.subList(0, 4)).extracting(m -> m.mac().toString())
                .allMatch(mac -> mac.startsWith("00:1b:63:00:00:0"));
        LabMachine fifth = kiosks.get(4);
        assertThat(Expectation.of(snapshot, nbis, fifth, "127.0.0.1").policy()).isNotEqualTo("kiosks");
    }

    @Test
    void modelGlobsAreInstantiatedIntoModelsTheyMatch() {
        Random r = new Random(1);
        for (String glob : List.of("iMac18,*", "MacPro6,*", "Macmini*", "Mac*", "iMac*,1", "*", "MacBookPro14,1")) {
            ModelPattern p = ModelPattern.parse(glob);
            for (int i = 0; i < 20; i++) {
                String model = Population.instantiate(p, r);
                assertThat(p.matches(model)).as("%s from %s", model, glob).isTrue();
                assertThat(model).doesNotContain("*");
            }
        }
        assertThat(Population.instantiate(ModelPattern.parse("Macmini*"), new Random(2))).matches("Macmini\\d+,\\d");
    }

    @Test
    void bsdpExpectationsFollowTheTwoDecisions() {
        LabMachine staffMini = new LabMachine(0, dev.orchard.ops.config.MacAddress.parse("00:1b:63:aa:bb:cc"),
                "C02STAFF0003", "Macmini7,1", LOOPBACK.apply(0), null);
        Expectation e = Expectation.of(snapshot, nbis, staffMini, "127.0.0.1");
        // at BSDP time the serial is unknown (the staff group lists serials, no inventory row gives their
        // MACs): the staff rule is undecided and does not match; the default (none) decides: silence.
        // The plan has the serial and follows the staff rule.
        assertThat(e.offeredNbis()).isEmpty();
        assertThat(e.action()).isEqualTo(Action.INSTALL);

        LabMachine staffImac = new LabMachine(1, dev.orchard.ops.config.MacAddress.parse("00:1b:63:aa:bb:cd"),
                "C02STAFF0004", "iMac18,2", LOOPBACK.apply(1), null);
        Expectation i = Expectation.of(snapshot, nbis, staffImac, "127.0.0.1");
        assertThat(i.offeredNbis()).containsExactly(LabFixture.RESTORE_NBI); // by the imacs rule, alone
        assertThat(i.action()).isEqualTo(Action.INSTALL);

        LabMachine stranger = new LabMachine(2, dev.orchard.ops.config.MacAddress.parse("00:1b:63:aa:bb:ce"),
                "C02STRANGER1", "MacBookAir7,2", LOOPBACK.apply(2), null);
        Expectation s = Expectation.of(snapshot, nbis, stranger, "127.0.0.1");
        assertThat(s.netboots()).as("the undecided staff rule offers nothing").isFalse();
        assertThat(s.action()).isEqualTo(Action.NONE);
    }
}
