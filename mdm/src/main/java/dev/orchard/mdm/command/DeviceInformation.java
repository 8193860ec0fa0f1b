package dev.orchard.mdm.command;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code DeviceInformation} (apple/device-management {@code mdm/commands/information.device.yaml}):
 * {@code Queries}, required, an array of query names such as {@code SerialNumber}, {@code ModelName},
 * {@code OSVersion}, {@code IsAppleSilicon}. Apple adds queries with new OS versions; a Mac answers only those
 * it knows, so names are checked for shape here; CommandPlistTest checks Orchard's own against Apple's list.
 */
public record DeviceInformation(List<String> queries) implements MdmCommand {

    /** Apple's query names are CamelCase identifiers (some with digits, e.g. {@code IMEI}, {@code SIMCarrierNetwork}). */
    private static final Pattern QUERY = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    public DeviceInformation {
        queries = List.copyOf(queries);
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("DeviceInformation needs at least one query (Queries is required)");
        }
        for (String q : queries) {
            if (!QUERY.matcher(q).matches()) {
                throw new IllegalArgumentException("'" + q + "' is not a DeviceInformation query name");
            }
        }
    }

    @Override
    public String requestType() {
        return "DeviceInformation";
    }

    @Override
    public Map<String, Object> fields() {
        return Map.of("Queries", queries);
    }
}
