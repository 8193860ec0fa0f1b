package dev.orchard.ops.config;

import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    private static final Path INCLUDES = Path.of("examples/includes/orchard.yaml");

    @Test
    void includedRulesComeFirstInIncludeOrderThenTheMainFile() throws Exception {
        ConfigSnapshot s = ConfigLoader.load(INCLUDES);
        assertThat(s.config().policies()).extracting(PolicyRule::name)
                .containsExactly("music-room", "science", "unknown-macs");
        assertThat(s.config().workflows()).extracting(Workflow::name).containsExactly("name-from-inventory");
        assertThat(s.config().inventory()).hasSize(4);
        assertThat(s.directory().groupNames()).containsExactlyInAnyOrder("music", "science", "science-extra");
        // everything read is watched; include folders too, for files added later
        assertThat(s.sources()).extracting(p -> p.getFileName().toString()).containsExactly("orchard.yaml",
                "standard.yaml", "10-music.yaml", "20-science.yaml", "machines.csv");
        assertThat(s.watchFolders()).extracting(p -> p.getFileName().toString())
                .containsExactly("workflows", "policies.d");
        assertThat(s.digest()).hasSize(64).isEqualTo(ConfigLoader.load(INCLUDES).digest());
    }

    @Test
    void nbiNamesAreCheckedOnlyAgainstASuppliedCatalog() {
        ConfigLoader.Result unchecked = ConfigLoader.check(INCLUDES, ConfigLoader.Options.DEFAULTS);
        assertThat(unchecked.errors()).isEmpty();
        ConfigLoader.Result known = ConfigLoader.check(INCLUDES,
                ConfigLoader.Options.DEFAULTS.withKnownNbis(Set.of("Orchard Restore")));
        assertThat(known.errors()).isEmpty();
        ConfigLoader.Result unknown = ConfigLoader.check(INCLUDES,
                ConfigLoader.Options.DEFAULTS.withKnownNbis(Set.of("Orchard Restor", "Other")));
        assertThat(unknown.errors()).hasSize(2).allSatisfy(p -> assertThat(p.message())
                .contains("nbi 'Orchard Restore' is not in the NBI catalog of images.nbi_folders [/srv/orchard/nbi]"
                        + " (did you mean 'Orchard Restor'?)"));
        assertThat(unknown.errors()).extracting(p -> p.at().file().getFileName().toString())
                .containsExactly("10-music.yaml", "20-science.yaml");
    }

    @Test
    void theAdminTokenComesFromTheEnvironmentOrAFileAndIsCheckedWhenResolved() throws Exception {
        SecretSource env = new SecretSource("ORCHARD_TOKEN", null);
        assertThat(env.resolve(java.util.Map.of("ORCHARD_TOKEN", "  0123456789abcdef0123\n")))
                .isEqualTo("0123456789abcdef0123");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.resolve(java.util.Map.of()))
                .hasMessageContaining("environment variable ORCHARD_TOKEN is not set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.resolve(java.util.Map.of("ORCHARD_TOKEN", "short")))
                .hasMessageContaining("shorter than 16");
        assertThat(ConfigLoader.load(INCLUDES).config().adminToken().file()).hasToString("/etc/orchard/admin-token");
    }
}
