package dev.orchard.ops.mdm;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check before an erase, on answers shaped as Apple's schema says (apple/device-management,
 * information.device.yaml and information.security.yaml): an erase goes ahead only when the facts say it
 * runs without a password; a missing fact is never read as a yes.
 */
class ErasePreflightTest {

    private static Optional<EraseReason> verdict(Map<String, Object> device, Map<String, Object> security) {
        Map<String, String> facts = new java.util.HashMap<>(ErasePreflight.deviceFacts(device));
        facts.putAll(ErasePreflight.securityFacts(security).orElseThrow());
        return ErasePreflight.check(facts).map(ErasePreflight.Refusal::reason);
    }

    private static Map<String, Object> device(Object appleSilicon, String os) {
        Map<String, Object> q = new java.util.HashMap<>(Map.of("OSVersion", os, "ProductName", "Mac14,2"));
        if (appleSilicon != null) {
            q.put("IsAppleSilicon", appleSilicon);
        }
        return Map.of("QueryResponses", q);
    }

    private static Map<String, Object> security(String bootstrap, String secureBoot) {
        Map<String, Object> s = new java.util.HashMap<>();
        if (bootstrap != null) {
            s.put("BootstrapTokenAllowedForAuthentication", bootstrap);
        }
        if (secureBoot != null) {
            s.put("SecureBoot", Map.of("SecureBootLevel", secureBoot, "ExternalBootLevel", "disallowed"));
        }
        return Map.of("SecurityInfo", s);
    }

    @Test
    void appleSiliconWithAnAllowedBootstrapTokenIsErased() {
        assertThat(verdict(device(true, "14.4"), security("allowed", "full"))).isEmpty();
    }

    @Test
    void appleSiliconWithoutAUsableBootstrapTokenIsRefused() {
        assertThat(verdict(device(true, "14.4"), security("disallowed", "full"))).contains(EraseReason.NO_BOOTSTRAP_TOKEN);
        assertThat(verdict(device(true, "14.4"), security("not supported", "full")))
                .contains(EraseReason.NO_BOOTSTRAP_TOKEN);
        assertThat(verdict(device(true, "14.4"), security(null, "full"))).contains(EraseReason.NO_BOOTSTRAP_TOKEN);
    }

    @Test
    void aT2MacOnMacOs12OrLaterIsErasedAndAnOlderOrNonT2IsRefused() {
        assertThat(verdict(device(false, "13.6.1"), security(null, "full"))).isEmpty();
        assertThat(verdict(device(null, "12.7"), security(null, "medium"))).isEmpty();
        assertThat(verdict(device(false, "11.7.10"), security(null, "full"))).contains(EraseReason.NO_EACS);
        assertThat(verdict(device(false, "13.6"), security(null, "not supported"))).contains(EraseReason.NO_EACS);
    }

    @Test
    void missingFactsAreNeverAYes() {
        assertThat(verdict(device(null, "13.6"), security(null, null))).contains(EraseReason.UNREADABLE_ANSWER);
        assertThat(ErasePreflight.check(Map.of("IsAppleSilicon", "true")).map(ErasePreflight.Refusal::reason))
                .contains(EraseReason.UNREADABLE_ANSWER);
        assertThat(ErasePreflight.securityFacts(Map.of("Status", "Acknowledged"))).isEmpty();
    }
}
