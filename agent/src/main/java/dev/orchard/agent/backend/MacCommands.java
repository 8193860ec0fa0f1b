package dev.orchard.agent.backend;

import dev.orchard.agent.exec.Command;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command line the macOS backend runs, in one place; {@code docs/agent.md} lists the same lines
 * and the tests compare them argument by argument.
 */
public final class MacCommands {

    /** The hand-off package's identifier ({@code pkgbuild --identifier}). */
    public static final String HANDOFF_PACKAGE_ID = "dev.orchard.agent.handoff";

    private MacCommands() {
    }

    /** Erase the whole disk into one APFS volume on a GUID partition map. */
    public static Command eraseDisk(String volumeName, String disk) {
        return Command.of("diskutil", "eraseDisk", "APFS", volumeName, "GPT", disk);
    }

    /** Unmount every volume of the disk before it is written raw. */
    public static Command unmountDisk(String disk) {
        return Command.of("diskutil", "unmountDisk", "force", disk);
    }

    public static Command mountDisk(String disk) {
        return Command.of("diskutil", "mountDisk", disk);
    }

    public static Command mount(String device) {
        return Command.of("diskutil", "mount", device);
    }

    /** Properties of a disk, volume or mount point as a plist (DeviceIdentifier, MountPoint…). */
    public static Command info(String deviceOrMountPoint) {
        return Command.of("diskutil", "info", "-plist", deviceOrMountPoint);
    }

    /** Block-copies the image from the server onto the volume; asr verifies it unless told not to. */
    public static Command asrRestore(URI source, String targetDevice) {
        return Command.of("asr", "restore", "--source", source.toString(), "--target", targetDevice, "--erase",
                "--noprompt", "--puppetstrings");
    }

    public static Command bless(String mountPoint) {
        return Command.of("bless", "--mount", mountPoint, "--setBoot");
    }

    public static Command attach(Path dmg, Path mountPoint) {
        return Command.of("hdiutil", "attach", dmg.toString(), "-nobrowse", "-noverify", "-mountpoint", mountPoint.toString());
    }

    public static Command detach(Path mountPoint) {
        return Command.of("hdiutil", "detach", mountPoint.toString(), "-force");
    }

    /** A component package laying {@code root} down at {@code /}. */
    public static Command pkgbuild(Path root, Path component) {
        return Command.of("pkgbuild", "--root", root.toString(), "--identifier", HANDOFF_PACKAGE_ID, "--version", "1",
                "--install-location", "/", component.toString());
    }

    /** {@code startosinstall --installpackage} takes product archives only, hence productbuild. */
    public static Command productbuild(Path component, Path product) {
        return Command.of("productbuild", "--package", component.toString(), product.toString());
    }

    public static Command startosinstall(Path tool, String volumeMount, List<Path> packages) {
        List<String> argv = new ArrayList<>(List.of(tool.toString(), "--agreetolicense", "--nointeraction", "--volume", volumeMount));
        for (Path p : packages) {
            argv.add("--installpackage");
            argv.add(p.toString());
        }
        return Command.of(argv);
    }

    public static Command installPackage(Path pkg) {
        return Command.of("installer", "-pkg", pkg.toString(), "-target", "/");
    }

    public static Command installProfile(Path profile) {
        return Command.of("profiles", "install", "-path", profile.toString());
    }

    public static Command productVersion() {
        return Command.of("sw_vers", "-productVersion");
    }

    /** {@code key} is ComputerName, LocalHostName or HostName. */
    public static Command scutilSet(String key, String value) {
        return Command.of("scutil", "--set", key, value);
    }

    public static Command setTimeZone(String timezone) {
        return Command.of("systemsetup", "-settimezone", timezone);
    }

    public static Command setLanguage(String language) {
        return Command.of("languagesetup", "-langspec", language);
    }

    public static Command setLocale(String locale) {
        return Command.of("defaults", "write", "/Library/Preferences/.GlobalPreferences", "AppleLocale", "-string", locale);
    }

    public static Command setKeyboard(String inputSourceId) {
        return Command.of("defaults", "write", "/Library/Preferences/com.apple.HIToolbox",
                "AppleCurrentKeyboardLayoutInputSourceID", "-string", inputSourceId);
    }

    public static Command restart() {
        return Command.of("shutdown", "-r", "now");
    }
}
