package dev.orchard.ops.config;

import java.time.Duration;
import java.util.List;

/**
 * Section {@code erase:} (main file only): the guards and timeouts of the MDM erase flow (docs/mdm.md,
 * "The erase flow"). An erase wipes a Mac, so the guards are against typos: a request naming more than
 * {@code confirmAbove} Macs must carry that count as its confirmation, and at most {@code maxPerHour} Macs
 * are erased in any hour.
 *
 * @param confirmAbove    more Macs than this in one request need {@code --yes N} / {@code "confirm": N}
 * @param maxPerHour      erases requested in the last hour, all requests together
 * @param answerTimeout   how long a DeviceInformation or SecurityInfo question (or an MDM that is down) may
 *                        stay unanswered before the flow gives up
 * @param reenrollTimeout how long after EraseDevice the Mac has to enroll again
 * @param agentTimeout    how long the agent may stay silent after its package was sent, and between reports
 * @param obliteration    EraseDevice's {@code ObliterationBehavior}: {@code DoNotObliterate} (the default here)
 *                        makes a Mac whose Erase All Content and Settings preflight fails answer Error instead
 *                        of falling back to obliteration
 * @param agentPackage    the agent's signed installer package (.pkg) that InstallEnterpriseApplication installs
 *                        after the erase (Orchard serves it and its manifest: docs/mdm.md, "The agent's
 *                        package"); null when not configured
 * @param agentCodeTtl    how long the one-time enrollment code the flow sends the Mac in its profile stays usable
 *                        (docs/mdm.md, "Letting the agent in"): from the profile to the agent's first plan request
 */
public record EraseSettings(int confirmAbove, int maxPerHour, Duration answerTimeout, Duration reenrollTimeout,
                            Duration agentTimeout, String obliteration, java.nio.file.Path agentPackage,
                            Duration agentCodeTtl) {

    /** Apple's ObliterationBehavior values (mdm/commands/device.erase.yaml). */
    public static final List<String> OBLITERATION = List.of("Default", "DoNotObliterate", "ObliterateWithWarning",
            "Always");

    public static final EraseSettings DEFAULTS = new EraseSettings(5, 20, Duration.ofMinutes(15),
            Duration.ofHours(2), Duration.ofHours(2), "DoNotObliterate", null, Duration.ofHours(1));
}
