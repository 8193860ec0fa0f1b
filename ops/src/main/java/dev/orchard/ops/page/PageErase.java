package dev.orchard.ops.page;

import dev.orchard.http.spi.AdminRefusedException;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.EraseRequest;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.mdm.EraseTrigger;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;

import java.util.List;
import java.util.Map;

/**
 * The machine page's "Erase" (docs/lab-page.md, "Actions"): one Mac through the same {@link EraseTrigger} as
 * {@code POST /api/v1/admin/erase} — its guards (hourly cap, Bootstrap Token and the other refusals) apply — but
 * only for a Mac whose policy action is {@code erase}, and only when the admin typed the Mac's name or serial:
 * an erase cannot be undone, so a click alone must not start one.
 */
final class PageErase {

    private PageErase() {
    }

    static AdminResult start(EraseTrigger trigger, ConfigSnapshot snapshot, MachineStatus m, String confirmation)
            throws Exception {
        if (trigger == null) {
            return AdminResult.failed("this server erases no Macs: the configuration has no mdm: section (docs/mdm.md)");
        }
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse(m.mac(), m.serial(), m.model(), null));
        if (!d.matched() || d.action() != Action.ERASE) {
            return AdminResult.failed(m.mac() + " is not erased by its policy ("
                    + (d.matched() ? "policy '" + d.rule().name() + "' says " + d.action().yamlName() : "no policy applies")
                    + "): only Macs whose policy action is erase can be erased from the page");
        }
        String typed = confirmation == null ? "" : confirmation.strip();
        String name = d.computerName() != null ? d.computerName() : d.machineName() != null ? d.machineName() : m.name();
        String serial = d.machine().serial() != null ? d.machine().serial() : m.serial();
        boolean named = !typed.isEmpty() && (typed.equals(name) || typed.equals(m.name()) || typed.equalsIgnoreCase(
                serial == null ? "" : serial));
        if (!named) {
            return AdminResult.failed("to erase " + m.mac() + ", type its name" + (name == null ? "" : " (" + name + ")")
                    + " or its serial" + (serial == null ? "" : " (" + serial + ")") + " to confirm");
        }
        Map<String, Object> answer;
        try {
            answer = trigger.erase(new EraseRequest(List.of(m.mac()), List.of(), List.of(), Boolean.FALSE, Integer.valueOf(1)));
        } catch (AdminRefusedException e) {
            return AdminResult.failed(e.getMessage());
        }
        Object started = answer.get("started");
        if (started instanceof List<?> l && l.contains(m.mac())) {
            return AdminResult.ok("erase of " + m.mac() + " started through the MDM; its stages show on this page");
        }
        Object rows = answer.get("machines");
        Object reason = rows instanceof List<?> r && !r.isEmpty() && r.get(0) instanceof Map<?, ?> row ? row.get("reason")
                : null;
        return AdminResult.failed("not erased: " + (reason == null ? "the erase trigger started nothing" : reason));
    }
}
