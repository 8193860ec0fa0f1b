package dev.orchard.ops.mdm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Mac's DeviceInformation and SecurityInfo answers into flat facts and decides whether an erase
 * can run without stopping at a password. Keys are Apple's (github.com/apple/device-management,
 * mdm/commands/information.device.yaml and information.security.yaml):
 * <ul>
 *   <li>{@code QueryResponses.IsAppleSilicon} (macOS 12+), {@code OSVersion}, {@code ProductName}
 *       (the model identifier, e.g. {@code Mac14,2}), {@code SerialNumber};</li>
 *   <li>{@code SecurityInfo.BootstrapTokenAllowedForAuthentication} ({@code allowed}, {@code disallowed},
 *       {@code not supported}; Apple silicon, macOS 11+): whether the Secure Enclave may use the Bootstrap
 *       Token the MDM escrowed instead of asking a user;</li>
 *   <li>{@code SecurityInfo.SecureBoot.SecureBootLevel} ({@code off}, {@code medium}, {@code full},
 *       {@code not supported}): {@code not supported} is an Intel Mac without a T2 chip.</li>
 * </ul>
 * Erase All Content and Settings needs macOS 12 or later on Apple silicon or a T2 Mac (Apple Platform
 * Deployment, "Erase All Content and Settings"); on Apple silicon the erase authorises with the Bootstrap
 * Token. A fact that is missing is never taken as a yes.
 */
public final class ErasePreflight {

    /** The DeviceInformation queries the flow asks for. */
    public static final List<String> QUERIES = List.of("SerialNumber", "ProductName", "ModelName", "OSVersion",
            "IsAppleSilicon", "UDID");

    static final String SERIAL_NUMBER = "SerialNumber";
    static final String APPLE_SILICON = "IsAppleSilicon";
    static final String OS_VERSION = "OSVersion";
    static final String BOOTSTRAP = "BootstrapTokenAllowedForAuthentication";
    static final String SECURE_BOOT = "SecureBootLevel";

    private ErasePreflight() {
    }

    /** The facts of a DeviceInformation answer ({@code QueryResponses}), as strings. */
    public static Map<String, String> deviceFacts(Map<String, Object> response) {
        Map<String, String> out = new LinkedHashMap<>();
        if (response.get("QueryResponses") instanceof Map<?, ?> q) {
            for (String key : QUERIES) {
                Object v = q.get(key);
                if (v != null) {
                    out.put(key, String.valueOf(v));
                }
            }
        }
        return out;
    }

    /** The facts of a SecurityInfo answer, or empty when it has no {@code SecurityInfo} dictionary. */
    public static Optional<Map<String, String>> securityFacts(Map<String, Object> response) {
        if (!(response.get("SecurityInfo") instanceof Map<?, ?> s)) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        Object bootstrap = s.get(BOOTSTRAP);
        if (bootstrap != null) {
            out.put(BOOTSTRAP, String.valueOf(bootstrap));
        }
        if (s.get("SecureBoot") instanceof Map<?, ?> boot && boot.get(SECURE_BOOT) != null) {
            out.put(SECURE_BOOT, String.valueOf(boot.get(SECURE_BOOT)));
        }
        return Optional.of(out);
    }

    /** Why this Mac must not be erased, or empty when the facts say the erase runs without a password. */
    public static Optional<Refusal> check(Map<String, String> facts) {
        String os = facts.get(OS_VERSION);
        if (os == null) {
            return refuse(EraseReason.UNREADABLE_ANSWER, "the Mac's DeviceInformation did not say its OSVersion");
        }
        int major = majorVersion(os);
        if (major < 12) {
            return refuse(EraseReason.NO_EACS, "macOS " + os + " cannot Erase All Content and Settings (macOS 12 or"
                    + " later on Apple silicon or a T2 Mac)");
        }
        boolean appleSilicon = "true".equalsIgnoreCase(facts.get(APPLE_SILICON));
        if (!appleSilicon && "not supported".equals(facts.get(SECURE_BOOT))) {
            return refuse(EraseReason.NO_EACS, "an Intel Mac without a T2 chip (SecureBootLevel 'not supported')"
                    + " cannot Erase All Content and Settings; netboot it instead");
        }
        if (!appleSilicon && facts.get(SECURE_BOOT) == null) {
            return refuse(EraseReason.UNREADABLE_ANSWER, "neither IsAppleSilicon nor SecureBoot.SecureBootLevel was"
                    + " reported: cannot tell a T2 Mac from one that cannot erase itself");
        }
        if (appleSilicon && !"allowed".equals(facts.get(BOOTSTRAP))) {
            String value = facts.get(BOOTSTRAP);
            return refuse(EraseReason.NO_BOOTSTRAP_TOKEN, "no Bootstrap Token usable for authentication ("
                    + BOOTSTRAP + " is " + (value == null ? "missing" : "'" + value + "'") + "): the erase would"
                    + " stop at a password prompt; escrow the token (a user logs in once after enrollment) and ask"
                    + " again");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(EraseReason reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }

    private static int majorVersion(String os) {
        try {
            return Integer.parseInt(os.strip().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A refusal: the closed reason and a sentence for the admin. */
    public record Refusal(EraseReason reason, String detail) {
    }
}
