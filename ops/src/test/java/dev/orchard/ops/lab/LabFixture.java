package dev.orchard.ops.lab;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import com.dd.plist.XMLPropertyListWriter;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.testkit.Hashes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A complete lab setup on disk for the lab's tests: two NBIs (booter, {@code x86_64/kernelcache}, root
 * image; random bytes), a block image, an installer with its first-boot package, a package and a
 * profile, and an {@code orchard.yaml} whose policies give every action:
 *
 * <pre>
 *   bench-imac      mac 3c:07:54:6a:01:02          none
 *   kiosks          group kiosks (4 MACs)          restore lab-base, no workflow
 *   staff           group staff (4 serials)        install macOS via Orchard Install, workflow full
 *   mac-pros        model MacPro6,*                thin, workflow full
 *   imacs           model iMac18,* or iMac19,1     restore lab-base + workflow names
 *   everything-else                                none
 * </pre>
 */
public final class LabFixture {

    public static final String RESTORE_NBI = "Orchard Restore";
    public static final String INSTALL_NBI = "Orchard Install";

    private final Path root;

    private LabFixture(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("orchard.yaml");
    }

    public Path nbiFolder() {
        return root.resolve("nbi");
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    /** Writes the setup for a server listening on 127.0.0.1 at these ports. */
    public static LabFixture write(Path root, long imageBytes, int bsdpPort, int tftpPort, int httpPort) {
        return write(root, imageBytes, 2_000_003, """
                server:
                  advertise_address: 127.0.0.1
                  data_dir: data
                  bsdp: {address: 127.0.0.1, port: %d}
                  tftp: {address: 127.0.0.1, port: %d}
                  http: {address: 127.0.0.1, port: %d}
                """.formatted(bsdpPort, tftpPort, httpPort));
    }

    /**
     * Writes the setup with the given {@code server:} section and kernelcache size (lossy links want small
     * TFTP files: lock-step TFTP waits a timeout per lost packet).
     */
    public static LabFixture write(Path root, long imageBytes, long kernelcacheBytes, String serverYaml) {
        LabFixture f = new LabFixture(root);
        try {
            f.nbi("Restore.nbi", RESTORE_NBI, 101, kernelcacheBytes);
            f.nbi("Install.nbi", INSTALL_NBI, 102, kernelcacheBytes);
            Path images = Files.createDirectories(f.dataDir().resolve("images"));
            Path payloads = Files.createDirectories(f.dataDir().resolve("payloads"));
            Files.createDirectories(payloads.resolve("packages"));
            Files.createDirectories(payloads.resolve("profiles"));
            Files.createDirectories(payloads.resolve("installers"));
            Hashes.randomFile(images.resolve("lab-base.img"), imageBytes, 11);
            Hashes.randomFile(payloads.resolve("installers/InstallAssistant.pkg"), 3_000_001, 12);
            Hashes.randomFile(payloads.resolve("packages/firstboot.pkg"), 20_000, 13);
            Hashes.randomFile(payloads.resolve("packages/tools.pkg"), 200_003, 14);
            Files.writeString(payloads.resolve("profiles/wifi.mobileconfig"), "<plist>wifi</plist>\n");
            Files.writeString(f.config(), serverYaml + f.yaml(payloads));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** Modern Macs' erase rules: one per inventory group, {@value #MODERN_PER_GROUP} Macs each. */
    public static final List<String> MODERN_GROUPS = List.of("silicon-a", "silicon-b", "silicon-c", "silicon-d");
    public static final int MODERN_PER_GROUP = 3;

    /**
     * The setup plus modern Macs (docs/lab.md, "Modern Macs"): an inventory of Apple silicon Macs in four groups,
     * an erase rule per group (then the workflow {@code after-erase}: a package and the computer name), HTTPS (a
     * certificate for 127.0.0.1 made by openssl: the ManifestURL must be https), {@code mdm:} pointing at
     * 127.0.0.1:{@code mdmPort} with both secrets in 0600 files, and {@code erase:} with the lab's agent package
     * and short timeouts. Its aim order gives, per ten Macs, one of each netboot action, imacs, everything-else and
     * four modern Macs.
     */
    public static LabFixture writeMixed(Path root, long imageBytes, int mdmPort) {
        LabFixture f = write(root, imageBytes, 10067, 10069, 10080);
        try {
            Path openssl = dev.orchard.testkit.Peers.require("openssl");
            dev.orchard.testkit.Proc.check(Duration.ofSeconds(60), openssl.toString(), "req", "-x509", "-newkey",
                    "rsa:2048", "-nodes", "-keyout", root.resolve("key.pem").toString(), "-out",
                    root.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost");
            secret(root.resolve("nanomdm-api-key"), "lab-nanomdm-api-key-0123456789");
            secret(root.resolve("nanomdm-webhook-key"), "lab-nanomdm-webhook-key-0123456789");
            byte[] pkg = new byte[1 << 20];
            new java.util.Random(15).nextBytes(pkg);
            System.arraycopy("xar!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, pkg, 0, 4);
            Files.write(root.resolve("orchard-agent.pkg"), pkg);
            StringBuilder csv = new StringBuilder("mac,serial,name,group\n");
            StringBuilder rules = new StringBuilder();
            for (int g = 0; g < MODERN_GROUPS.size(); g++) {
                for (int i = 1; i <= MODERN_PER_GROUP; i++) {
                    csv.append(String.format("00:1b:63:00:1%d:%02x,C02SILICON%d%02d,silicon-%d%d,%s%n", g, i, g, i, g, i,
                            MODERN_GROUPS.get(g)));
                }
                rules.append("  - name: erase-").append(MODERN_GROUPS.get(g)).append("\n    match: {group: ")
                        .append(MODERN_GROUPS.get(g)).append("}\n    action: erase\n    workflow: after-erase\n");
            }
            Files.writeString(root.resolve("modern.csv"), csv);
            secret(root.resolve("admin-token"), ADMIN_TOKEN);
            String yaml = Files.readString(f.config());
            // a file, so that `orchard lab` in this JVM reads the token as the server does (no variable to set)
            yaml = yaml.replace("admin_token:\n  env: ORCHARD_ADMIN_TOKEN\n",
                    "admin_token: {file: " + root.resolve("admin-token") + "}\n");
            String tools = Hashes.sha256(f.dataDir().resolve("payloads/packages/tools.pkg"));
            yaml = yaml.replace("  http: {address: 127.0.0.1, port: 10080}\n", "  http:\n    address: 127.0.0.1\n"
                    + "    port: 10080\n    tls: {cert: " + root.resolve("cert.pem") + ", key: " + root.resolve("key.pem")
                    + ", port: 10443}\n");
            yaml = yaml.replace("policies:\n", "  - name: after-erase\n    steps:\n      - type: package\n"
                    + "        name: tools\n        file: packages/tools.pkg\n        sha256: " + tools + "\n"
                    + "      - {type: computer_name, name: name, value: \"lab-{serial}\"}\npolicies:\n");
            yaml = yaml.replace("  - name: everything-else\n", rules + "  - name: everything-else\n");
            yaml += "inventory: [modern.csv]\n"
                    + "mdm:\n  url: http://127.0.0.1:" + mdmPort + "/\n"
                    + "  api_key: {file: " + root.resolve("nanomdm-api-key") + "}\n"
                    + "  webhook_secret: {file: " + root.resolve("nanomdm-webhook-key") + "}\n"
                    + "  timeout_seconds: 5\n"
                    + "erase:\n  confirm_above: 2\n  max_per_hour: 50\n  answer_timeout: 1m\n"
                    + "  reenroll_timeout: 10m\n  agent_timeout: 1m\n  agent_package: "
                    + root.resolve("orchard-agent.pkg") + "\n";
            Files.writeString(f.config(), yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    /** A port nothing listens on now, on 127.0.0.1: where {@code mdm.url} points the lab's simulator. */
    public static int freeLoopbackPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void secret(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** The admin token the configuration reads from {@code ORCHARD_ADMIN_TOKEN}, as the servers here get it. */
    public static final String ADMIN_TOKEN = "lab-fixture-admin-token-0123456789";

    /**
     * {@code orchard serve} in-process for this setup: 127.0.0.1, ephemeral ports, high BSDP reply ports
     * allowed, no file watcher or signal handler.
     */
    public ServeOptions serveOptions() {
        return new ServeOptions(config(), true, "127.0.0.1", 0, 0, 0, false, false, Duration.ofSeconds(5),
                Map.of("ORCHARD_ADMIN_TOKEN", ADMIN_TOKEN), Clock.systemUTC());
    }

    public ConfigSnapshot snapshot() {
        try {
            return ConfigLoader.load(config());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void nbi(String folder, String name, int index, long kernelcacheBytes) throws IOException {
        Path bundle = Files.createDirectories(nbiFolder().resolve(folder));
        Path i386 = Files.createDirectories(bundle.resolve("i386/x86_64"));
        Hashes.randomFile(bundle.resolve("i386/booter"), 300_007, index);
        Hashes.randomFile(i386.resolve("kernelcache"), kernelcacheBytes, index + 1000);
        Hashes.randomFile(bundle.resolve("NetInstall.dmg"), 3_145_728 + 17, index + 2000);
        NSDictionary d = new NSDictionary();
        d.put("Index", index);
        d.put("Name", name);
        d.put("Type", "HTTP");
        d.put("BootFile", "booter");
        d.put("RootPath", "NetInstall.dmg");
        d.put("Architectures", new NSArray(new NSString("i386")));
        d.put("IsEnabled", true);
        d.put("IsInstall", true);
        d.put("Kind", 1);
        d.put("Description", "lab test image " + name);
        XMLPropertyListWriter.write(d, bundle.resolve("NBImageInfo.plist"));
    }

    private String yaml(Path payloads) throws IOException {
        String installer = Hashes.sha256(payloads.resolve("installers/InstallAssistant.pkg"));
        String firstBoot = Hashes.sha256(payloads.resolve("packages/firstboot.pkg"));
        String tools = Hashes.sha256(payloads.resolve("packages/tools.pkg"));
        String wifi = Hashes.sha256(payloads.resolve("profiles/wifi.mobileconfig"));
        return """
                admin_token:
                  env: ORCHARD_ADMIN_TOKEN
                images:
                  nbi_folders: [nbi]
                  block:
                    - name: lab-base
                      file: lab-base.img
                  installers:
                    - name: macOS-13.6
                      file: installers/InstallAssistant.pkg
                      sha256: %s
                      first_boot_package:
                        file: packages/firstboot.pkg
                        sha256: %s
                groups:
                  - name: kiosks
                    mac: ["00:1b:63:00:00:01", "00:1b:63:00:00:02", "00:1b:63:00:00:03", "00:1b:63:00:00:04"]
                  - name: staff
                    serial: [C02STAFF0001, C02STAFF0002, C02STAFF0003, C02STAFF0004]
                workflows:
                  - name: names
                    steps:
                      - type: computer_name
                  - name: full
                    steps:
                      - type: localize
                        locale: en_US
                        timezone: Europe/Paris
                      - type: package
                        name: tools
                        file: packages/tools.pkg
                        sha256: %s
                      - type: profile
                        name: wifi
                        file: profiles/wifi.mobileconfig
                        sha256: %s
                      - type: script
                        name: hello
                        content: |
                          #!/bin/sh
                          echo "hello {serial} {model}" > "$ORCHARD_SANDBOX/hello.txt"
                      - {type: include, workflow: names}
                policies:
                  - name: bench-imac
                    match: {mac: "3c:07:54:6a:01:02"}
                    action: none
                  - name: kiosks
                    match: {group: kiosks}
                    nbi: %s
                    action: restore
                    image: lab-base
                  - name: staff
                    match: {group: staff}
                    nbi: %s
                    action: install
                    installer: macOS-13.6
                    workflow: full
                    computer_name: "staff-{serial}"
                  - name: mac-pros
                    match: {model: "MacPro6,*"}
                    nbi: %s
                    action: thin
                    workflow: full
                    computer_name: "pro-{serial}"
                  - name: imacs
                    match: {model: ["iMac18,*", "iMac19,1"]}
                    nbi: %s
                    action: restore
                    image: lab-base
                    workflow: names
                    computer_name: "imac-{serial}"
                  - name: everything-else
                    action: none
                """.formatted(installer, firstBoot, tools, wifi, RESTORE_NBI,
                INSTALL_NBI, RESTORE_NBI, RESTORE_NBI);
    }
}
