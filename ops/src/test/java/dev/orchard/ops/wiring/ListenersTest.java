package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ServerSettings;
import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where serve listens: configured ports, {@code --unprivileged}, and the HTTPS port from {@code http.tls.port}. */
class ListenersTest {

    @TempDir
    Path dir;

    @Test
    void httpsTakesTheConfiguredTlsPort() throws Exception {
        ServerSettings s = load("""
                server:
                  data_dir: %s
                  http:
                    port: 8080
                    tls: {cert: /etc/orchard/cert.pem, key: /etc/orchard/key.pem, port: 8443}
                """);
        Listeners l = Listeners.of(s, ServeOptions.of(dir.resolve("orchard.yaml")));
        assertThat(l.http().getPort()).isEqualTo(8080);
        assertThat(l.https().getPort()).isEqualTo(8443);
        // --unprivileged moves only ports below 1024
        assertThat(Listeners.of(s, ServeOptions.of(dir.resolve("orchard.yaml")).withUnprivileged(true)).https().getPort())
                .isEqualTo(8443);
    }

    @Test
    void httpsDefaultsTo443AndMovesTo10443WhenUnprivileged() throws Exception {
        ServerSettings s = load("""
                server:
                  data_dir: %s
                  http:
                    tls: {cert: /etc/orchard/cert.pem, key: /etc/orchard/key.pem}
                """);
        assertThat(s.http().tls().port()).isEqualTo(443);
        assertThat(Listeners.of(s, ServeOptions.of(dir.resolve("orchard.yaml"))).https().getPort()).isEqualTo(443);
        Listeners unprivileged = Listeners.of(s, ServeOptions.of(dir.resolve("orchard.yaml")).withUnprivileged(true));
        assertThat(unprivileged.http().getPort()).isEqualTo(10080);
        assertThat(unprivileged.https().getPort()).isEqualTo(10443);
    }

    private ServerSettings load(String yaml) throws Exception {
        Path file = dir.resolve("orchard.yaml");
        Files.writeString(file, yaml.formatted(dir.resolve("data")));
        ConfigLoader.Result r = ConfigLoader.check(file, ConfigLoader.Options.DEFAULTS);
        assertThat(r.errors()).isEmpty();
        return r.snapshot().orElseThrow().config().server();
    }
}
