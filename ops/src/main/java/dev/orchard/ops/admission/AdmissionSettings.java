package dev.orchard.ops.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * How long tickets and run tokens live, and whether a plan request's sender must be the Mac at the
 * network layer (docs/agent-api.md, "Who may have a plan").
 *
 * @param netbootTicket  how long after its ACK[SELECT] a netbooted Mac's agent may claim its plan
 * @param enrollmentCode how long an admin's enrollment code stays usable
 * @param run            how long a run token stays valid (a restore plus the first-boot workflow of an
 *                       install must fit in it)
 * @param checkHardware  refuse a plan request whose sender the kernel resolved to another hardware
 *                       address than the Mac's (directly connected networks only)
 */
public record AdmissionSettings(Duration netbootTicket, Duration enrollmentCode, Duration run,
                                boolean checkHardware) {

    public static final AdmissionSettings DEFAULTS = new AdmissionSettings(Duration.ofMinutes(30),
            Duration.ofHours(24), Duration.ofHours(24), true);

    public AdmissionSettings {
        Objects.requireNonNull(netbootTicket, "netbootTicket");
        Objects.requireNonNull(enrollmentCode, "enrollmentCode");
        Objects.requireNonNull(run, "run");
        for (Duration d : new Duration[]{netbootTicket, enrollmentCode, run}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("ticket and run lifetimes must be positive: " + d);
            }
        }
    }
}
