package dev.orchard.ops.mdm;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.MdmDeviceLinked;
import dev.orchard.ops.policy.MdmReport;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A machine's journaled MDM link and erase flow as the {@link MdmReport} {@code explain} shows. */
public final class MdmReports {

    private MdmReports() {
    }

    public static Optional<MdmReport> of(MachineStatus m) {
        EraseStep e = m.erase();
        MdmDeviceLinked link = m.mdmLink();
        if (e == null && link == null) {
            return Optional.empty();
        }
        String udid = e != null && e.udid() != null ? e.udid() : link.udid();
        Instant at = e != null ? e.receivedAt() : link.receivedAt();
        if (link != null && (at == null || (link.receivedAt() != null && link.receivedAt().isAfter(at)))) {
            at = link.receivedAt();
        }
        return Optional.of(new MdmReport(udid, e == null ? Map.of() : e.facts(), e == null ? null : e.stage(),
                e == null ? null : e.detail(), at));
    }
}
