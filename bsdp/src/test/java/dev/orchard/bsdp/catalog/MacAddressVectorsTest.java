package dev.orchard.bsdp.catalog;

import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.mac.MacAddress;
import dev.orchard.testkit.MacAddressVectors;
import dev.orchard.testkit.MacAddressVectors.Vector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared MAC vectors through NBImageInfo.plist's {@code EnabledMACAddresses} and
 * {@code DisabledMACAddresses}, in XML and binary plists: the one grammar, as the catalog reads it.
 */
class MacAddressVectorsTest {

    @TempDir
    Path root;

    private final NbImageInfoReader reader = new NbImageInfoReader(new RootPathParser(
            host -> Optional.ofNullable(Map.of("images.lab", Ipv4.parse("10.9.8.7")).get(host))));

    static List<Vector> vectors() {
        return MacAddressVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void enabledAndDisabledMacAddresses(Vector v) {
        for (boolean binary : new boolean[] {false, true}) {
            for (String key : List.of("EnabledMACAddresses", "DisabledMACAddresses")) {
                NbiFixture fixture = NbiFixture.bundle(root, key + binary + ".nbi").put(key, new String[] {v.input()});
                Path bundle = (binary ? fixture.binary() : fixture).write();

                NbImageInfoReader.Result result = reader.read(bundle, bundle.getFileName().toString());

                String where = key + (binary ? " (binary plist)" : " (XML plist)");
                if (v.accepted()) {
                    assertThat(result.problems()).as(where).isEmpty();
                    NbImage image = result.image().orElseThrow();
                    var macs = key.startsWith("Enabled") ? image.enabledMacs() : image.disabledMacs();
                    assertThat(macs).as(where).map(Object::toString).containsExactly(v.canonical().orElseThrow());
                } else {
                    assertThat(result.problems()).as(where).map(CatalogProblem::toString)
                            .anyMatch(p -> p.contains(key + ": '") && p.contains("is not a MAC address; "
                                    + MacAddress.ACCEPTED_FORMS));
                }
            }
        }
    }
}
