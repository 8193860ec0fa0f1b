package dev.orchard.ops.config.load;

import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.config.yaml.MapReader;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code erase:} (docs/mdm.md, "The erase flow"). Bounds say what a lab can mean: an erase takes
 * minutes and Automated Device Enrollment some more, so a re-enrollment window under 10 minutes would time
 * out healthy Macs; a cap below the confirmation threshold would make the threshold unreachable.
 */
final class EraseReader {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([smhd])");
    private static final Duration MIN_REENROLL = Duration.ofMinutes(10);
    private static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    private static final Duration MIN_CODE_TTL = Duration.ofMinutes(5);
    private static final Duration MAX_CODE_TTL = Duration.ofHours(24);

    private EraseReader() {
    }

    static EraseSettings read(MapReader r, java.util.function.Function<String, java.nio.file.Path> paths) {
        EraseSettings d = EraseSettings.DEFAULTS;
        Integer confirmAbove = r.integer("confirm_above", 1, 1000);
        Integer maxPerHour = r.integer("max_per_hour", 1, 10_000);
        Duration answer = r.value("answer_timeout", EraseReader::duration);
        Duration reenroll = r.value("reenroll_timeout", EraseReader::duration);
        Duration agent = r.value("agent_timeout", EraseReader::duration);
        String obliteration = r.value("obliteration", EraseReader::obliteration);
        java.nio.file.Path agentPackage = r.value("agent_package", t -> installerPackage(t, paths));
        Duration codeTtl = r.value("agent_code_ttl", EraseReader::codeTtl);
        r.finish();
        EraseSettings s = new EraseSettings(or(confirmAbove, d.confirmAbove()), or(maxPerHour, d.maxPerHour()),
                or(answer, d.answerTimeout()), or(reenroll, d.reenrollTimeout()), or(agent, d.agentTimeout()),
                or(obliteration, d.obliteration()), agentPackage, or(codeTtl, d.agentCodeTtl()));
        if (maxPerHour != null && s.maxPerHour() < s.confirmAbove()) {
            r.problems().error(r.at("max_per_hour"), r.path() + ".max_per_hour: " + s.maxPerHour()
                    + " is below confirm_above (" + s.confirmAbove() + "): a confirmed request could never run");
        }
        if (reenroll != null && reenroll.compareTo(MIN_REENROLL) < 0) {
            r.problems().error(r.at("reenroll_timeout"), r.path() + ".reenroll_timeout: " + text(reenroll)
                    + " is too short: erasing and enrolling again takes several minutes (at least 10m)");
        }
        return s;
    }

    /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}: between a minute and a week. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit (s, m, h,"
                    + " d), e.g. 15m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(text.strip() + " is out of range: between 1m and 7d");
        }
        return d;
    }

    /**
     * The enrollment code an erased Mac's agent is let in with is a secret on the Mac's disk until used: short-lived
     * (at most a day), yet long enough for the package to install and the agent to start (at least 5 minutes).
     */
    static Duration codeTtl(String text) {
        Duration d = duration(text);
        if (d.compareTo(MIN_CODE_TTL) < 0 || d.compareTo(MAX_CODE_TTL) > 0) {
            throw new IllegalArgumentException(text.strip() + " is out of range for a one-time enrollment code: between"
                    + " 5m (the package must install and the agent start) and 24h (a secret must not live long)");
        }
        return d;
    }

    private static String obliteration(String text) {
        String t = text.strip();
        if (!EraseSettings.OBLITERATION.contains(t)) {
            throw new IllegalArgumentException("'" + text + "' is not an ObliterationBehavior; expected one of "
                    + String.join(", ", EraseSettings.OBLITERATION) + " (Apple's EraseDevice command)");
        }
        return t;
    }

    /** InstallEnterpriseApplication installs a macOS installer package (a flat .pkg, signed). */
    private static java.nio.file.Path installerPackage(String text, java.util.function.Function<String,
            java.nio.file.Path> paths) {
        if (!text.strip().toLowerCase(java.util.Locale.ROOT).endsWith(".pkg")) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a .pkg: InstallEnterpriseApplication"
                    + " installs a signed installer package (Apple's application.install.enterprise.yaml)");
        }
        return paths.apply(text.strip());
    }

    private static String text(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
