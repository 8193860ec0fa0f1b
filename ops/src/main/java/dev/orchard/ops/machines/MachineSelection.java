package dev.orchard.ops.machines;

import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineQuery;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.MachineStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Applies a {@link MachineQuery} to the journal's machines, the same way for the admin API and for
 * {@code orchard machines}: filters, then the stable order (by MAC, which never changes, unlike the time a
 * machine was last seen), then the page after the cursor. Paging by the last MAC of a page cannot skip or
 * repeat a machine that keeps matching while the pages are read.
 */
public final class MachineSelection {

    /** One page, and the cursor of the next one when more machines match. */
    public record Page(List<MachineStatus> machines, Optional<String> nextCursor) {
        public Page {
            machines = List.copyOf(machines);
        }
    }

    private MachineSelection() {
    }

    /**
     * @param directory the groups of the running configuration, or null when it is not known (a group filter
     *                  is then refused)
     * @throws InvalidRequestException for an unknown group or a cursor that is not a MAC
     */
    public static Page select(List<MachineStatus> machines, MachineQuery query, MachineDirectory directory) {
        Predicate<MachineStatus> keep = m -> true;
        if (query.stage().isPresent()) {
            String stage = query.stage().get().wireName();
            keep = keep.and(m -> m.stage() != null && m.stage().wireName().equals(stage));
        }
        if (query.failed().isPresent()) {
            boolean failed = query.failed().get();
            keep = keep.and(m -> (m.result() == EventResult.FAILED) == failed);
        }
        if (query.search().isPresent()) {
            String q = query.search().get().toLowerCase(Locale.ROOT);
            keep = keep.and(m -> contains(m.mac(), q) || contains(m.mac().replace(":", ""), q)
                    || contains(m.serial(), q) || contains(m.name(), q));
        }
        if (query.group().isPresent()) {
            keep = keep.and(inGroup(query.group().get(), directory));
        }
        if (query.cursor().isPresent()) {
            String after = cursor(query.cursor().get());
            keep = keep.and(m -> m.mac().compareTo(after) > 0);
        }
        List<MachineStatus> matching = machines.stream().filter(keep)
                .sorted(Comparator.comparing(MachineStatus::mac)).toList();
        int limit = query.limit().orElse(Integer.MAX_VALUE);
        if (matching.size() <= limit) {
            return new Page(matching, Optional.empty());
        }
        List<MachineStatus> page = matching.subList(0, limit);
        return new Page(page, Optional.of(page.get(page.size() - 1).mac()));
    }

    private static Predicate<MachineStatus> inGroup(String group, MachineDirectory directory) {
        if (directory == null) {
            throw new InvalidRequestException("a group filter needs the configuration, where groups are defined");
        }
        if (!directory.hasGroup(group)) {
            throw new InvalidRequestException("unknown group '" + group + "'; " + (directory.groupNames().isEmpty()
                    ? "no groups are defined" : "groups: " + String.join(", ", directory.groupNames())));
        }
        return m -> directory.macsOf(group).contains(MacAddress.parse(m.mac()))
                || m.serial() != null && directory.serialsOf(group).contains(m.serial());
    }

    /** A cursor is the normalised MAC a page ended with. */
    private static String cursor(String text) {
        try {
            MacAddress mac = MacAddress.parse(text);
            if (mac.toString().equals(text)) {
                return text;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidRequestException("cursor '" + text + "' is not a cursor of this list (the nextCursor"
                + " of a page, a MAC address such as 00:1b:63:84:45:e6)");
    }

    private static boolean contains(String field, String lowerCaseNeedle) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(lowerCaseNeedle);
    }
}
