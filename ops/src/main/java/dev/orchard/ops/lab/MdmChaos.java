package dev.orchard.ops.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * The MDM faults a lab injects (the options {@code --mdm-lose-webhook}, {@code --mdm-duplicate-webhooks},
 * {@code --mdm-never-back}, {@code --mdm-down}). The per-Mac faults go to the first modern Macs in index order:
 * never-back first, then lost webhook, then duplicated webhooks.
 *
 * @param lostWebhooks       modern Macs whose EraseDevice acknowledgement webhook is lost
 * @param duplicatedWebhooks modern Macs whose every webhook is delivered twice
 * @param neverBack          modern Macs that never enroll again after the erase
 * @param mdmDown            how long the MDM's API answers 503 from the moment the erase is asked for (0: never)
 */
public record MdmChaos(int lostWebhooks, int duplicatedWebhooks, int neverBack, Duration mdmDown) {

    public static final MdmChaos NONE = new MdmChaos(0, 0, 0, Duration.ZERO);

    public MdmChaos {
        Objects.requireNonNull(mdmDown, "mdmDown");
        if (lostWebhooks < 0 || duplicatedWebhooks < 0 || neverBack < 0) {
            throw new IllegalArgumentException("--mdm-lose-webhook, --mdm-duplicate-webhooks and --mdm-never-back"
                    + " count Macs: 0 or more");
        }
        if (mdmDown.isNegative() || mdmDown.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("--mdm-down must be 0 to 600 seconds, got " + mdmDown.toSeconds());
        }
    }

    /** The fault of the {@code n}-th modern Mac (0-based, in index order). */
    public MdmFault faultOf(int n) {
        if (n < neverBack) {
            return MdmFault.NEVER_BACK;
        }
        if (n < neverBack + lostWebhooks) {
            return MdmFault.LOST_WEBHOOK;
        }
        if (n < neverBack + lostWebhooks + duplicatedWebhooks) {
            return MdmFault.DUPLICATED_WEBHOOK;
        }
        return MdmFault.NONE;
    }
}
