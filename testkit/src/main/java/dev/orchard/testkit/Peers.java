package dev.orchard.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real test peers (tftp-hpa, atftp, busybox, curl, tshark, scapy…) are installed by
 * {@code scripts/install-test-deps.sh}. A test that needs one skips with a clear reason when it is
 * missing (a developer machine); CI installs them all, so there they run.
 */
public final class Peers {

    /** The Debian python with python3-scapy; pyenv's python on PATH does not have it. */
    public static final String SYSTEM_PYTHON = "/usr/bin/python3";

    private Peers() {
    }

    public static Optional<Path> find(String executable) {
        if (executable.contains("/")) {
            Path p = Path.of(executable);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin:/usr/local/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test unless {@code executable} is installed; returns its path. */
    public static Path require(String executable) {
        Optional<Path> found = find(executable);
        Assumptions.assumeTrue(found.isPresent(),
                executable + " is not installed; run scripts/install-test-deps.sh (CI does)");
        return found.get();
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips the calling test unless running as root (network namespaces, port 67); CI runs as root. */
    public static void requireRoot(String why) {
        Assumptions.assumeTrue(isRoot(), "needs root (" + why + "); CI runs as root, so there it runs");
    }

    /** Skips unless the system python has scapy. */
    public static void requireScapy() {
        require(SYSTEM_PYTHON);
        Proc.Result r = Proc.run(java.time.Duration.ofSeconds(30), SYSTEM_PYTHON, "-c", "import scapy.all");
        Assumptions.assumeTrue(r.exitCode() == 0, "python3-scapy is not installed: " + r.stderr());
    }
}
