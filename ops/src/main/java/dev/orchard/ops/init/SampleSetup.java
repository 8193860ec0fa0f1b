package dev.orchard.ops.init;

import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.wiring.ImageLibrary;
import dev.orchard.ops.wiring.Listeners;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code orchard init DIR}: a complete, working sample setup that {@code validate} accepts and
 * {@code serve} runs. Layout:
 *
 * <pre>
 * orchard.yaml               server, admin token, metrics, logging, images, include of conf.d/
 * conf.d/workflows.yaml      workflows (localize, profile, package, script inline and from a file, computer name)
 * conf.d/policies.yaml       a group and one rule per action: none, restore, install, thin
 * inventory.csv              two named kiosk Macs
 * admin-token                the admin API token (0600)
 * scripts/                   a workflow script read from a file
 * nbi/Orchard Restore.nbi/   NBImageInfo.plist, i386/booter, i386/x86_64/kernelcache, NetInstall.dmg (placeholders)
 * images/lab-base.img        a sample block image and its manifest
 * payloads/                  installer, first-boot package, lab-tools package, Wi-Fi profile
 * data/                      the journal and the machine-token secret (created by serve)
 * </pre>
 *
 * Placeholder files are deterministic pseudo-random bytes; every checksum in the YAML is the real one.
 */
public final class SampleSetup {

    /** Sizes of the placeholder files: small, but several TFTP blocks and three image chunks. */
    static final int BOOTER_BYTES = 300_000;
    static final int KERNELCACHE_BYTES = 1_500_000;
    static final int ROOT_IMAGE_BYTES = 2_000_000;
    static final long BLOCK_IMAGE_BYTES = 9L * 1024 * 1024 + 12_345;
    public static final String NBI_NAME = "Orchard Restore";

    private SampleSetup() {
    }

    /**
     * Writes the sample into {@code dir} (created if needed; refused when it already holds an orchard.yaml).
     *
     * @param unprivileged high ports (BSDP 10067, TFTP 10069, HTTP 10080) and advertise 127.0.0.1, for a
     *                     demo or simulated lab on this host without root
     * @return the main configuration file
     */
    public static Path write(Path dir, boolean unprivileged, ManifestProgress progress) throws IOException {
        Path main = dir.resolve("orchard.yaml");
        if (Files.exists(main)) {
            throw new FileAlreadyExistsException(main.toString(), null, "refusing to overwrite an existing setup");
        }
        Files.createDirectories(dir);
        Map<String, String> vars = new HashMap<>();
        Path nbi = Files.createDirectories(dir.resolve("nbi").resolve(NBI_NAME + ".nbi"));
        copy("NBImageInfo.plist", nbi.resolve("NBImageInfo.plist"));
        Placeholder.write(nbi.resolve("i386/booter"), BOOTER_BYTES, 1);
        Placeholder.write(nbi.resolve("i386/x86_64/kernelcache"), KERNELCACHE_BYTES, 2);
        Placeholder.write(nbi.resolve("NetInstall.dmg"), ROOT_IMAGE_BYTES, 3);
        worldReadable(nbi); // TFTP serves only world-readable files (as tftp-hpa), whatever the umask

        Path payloads = dir.resolve("payloads");
        vars.put("SHA_INSTALLER", Placeholder.write(payloads.resolve("installers/InstallAssistant-sample.pkg"), 400_000, 4));
        vars.put("SHA_FIRSTBOOT", Placeholder.write(payloads.resolve("packages/orchard-firstboot.pkg"), 20_000, 5));
        vars.put("SHA_PACKAGE", Placeholder.write(payloads.resolve("packages/lab-tools.pkg"), 120_000, 6));
        vars.put("SHA_PROFILE", copy("lab-wifi.mobileconfig", payloads.resolve("profiles/lab-wifi.mobileconfig")));

        Path images = Files.createDirectories(dir.resolve("images"));
        vars.put("SHA_BLOCK", Placeholder.write(images.resolve("lab-base.img"), BLOCK_IMAGE_BYTES, 7));
        vars.put("SIZE_BLOCK", Long.toString(BLOCK_IMAGE_BYTES));
        new ImageLibrary(images).manifest("lab-base.img", progress);

        copy("set-login-message.sh", dir.resolve("scripts/set-login-message.sh"));
        copy("inventory.csv", dir.resolve("inventory.csv"));
        Files.createDirectories(dir.resolve("data"));
        writeToken(dir.resolve("admin-token"));

        vars.put("DIR", dir.toString());
        vars.put("SERVE_FLAG", unprivileged ? " --unprivileged" : "");
        vars.put("SERVER_ADDRESS", unprivileged
                ? "  advertise_address: 127.0.0.1      # this host: the demo and a simulated lab run here"
                : "  # advertise_address: 10.0.0.5     # the address Macs reach this server at (default: per route)");
        vars.put("BSDP_PORT", port(67, unprivileged));
        vars.put("TFTP_PORT", port(69, unprivileged));
        vars.put("HTTP_PORT", port(80, unprivileged));
        render("workflows.yaml", dir.resolve("conf.d/workflows.yaml"), vars);
        render("policies.yaml", dir.resolve("conf.d/policies.yaml"), vars);
        render("orchard.yaml", main, vars);
        return main;
    }

    /** The files written, relative to the setup folder (for the command's summary). */
    public static List<String> layout() {
        return List.of("orchard.yaml", "conf.d/workflows.yaml", "conf.d/policies.yaml", "inventory.csv", "admin-token",
                "scripts/set-login-message.sh", "nbi/" + NBI_NAME + ".nbi/", "images/lab-base.img (+ manifest)",
                "payloads/installers/, payloads/packages/, payloads/profiles/", "data/");
    }

    private static String port(int standard, boolean unprivileged) {
        int p = unprivileged ? Listeners.unprivilegedPort(standard) : standard;
        return p + (unprivileged ? "                       # " + standard + " without root (--unprivileged)" : "");
    }

    private static void worldReadable(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    private static void writeToken(Path file) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
    }

    private static String copy(String resource, Path target) throws IOException {
        byte[] bytes = resource(resource);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        return Placeholder.sha256(bytes);
    }

    private static void render(String resource, Path target, Map<String, String> vars) throws IOException {
        String text = new String(resource(resource), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SampleSetup.class.getResourceAsStream("/init/" + name)) {
            if (in == null) {
                throw new IllegalStateException("init/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
