package dev.orchard.ops.policy;

import java.time.Instant;
import java.util.Map;

/**
 * What the MDM said about a Mac, for {@code explain}: the policy decides by the model identifier the admin's
 * rule matches, and this shows beside it what the Mac itself reported (DeviceInformation's
 * {@code ProductName}, {@code IsAppleSilicon}, {@code OSVersion}; SecurityInfo's Bootstrap Token state) so
 * an admin can see whether the rule and the hardware agree. Absent until the erase flow has asked.
 *
 * @param udid        the Mac's UDID at the MDM, or null
 * @param facts       Apple's keys and values as reported (may be empty: linked by a check-in, never queried)
 * @param eraseStage  the erase flow's stage (wire name), or null
 * @param eraseDetail the flow's detail sentence, or null
 * @param at          when the newest of these was recorded
 */
public record MdmReport(String udid, Map<String, String> facts, String eraseStage, String eraseDetail, Instant at) {

    public MdmReport {
        facts = Map.copyOf(facts);
    }
}
