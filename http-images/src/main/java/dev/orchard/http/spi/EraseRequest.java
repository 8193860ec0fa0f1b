package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code POST /api/v1/admin/erase}: erase the Macs named by MAC, serial or group through the MDM
 * (docs/mdm.md, "The erase flow"). {@code dryRun} answers what would be sent to each Mac and starts nothing;
 * {@code confirm} is the number of Macs the admin expects to erase, required when it is above the server's
 * {@code erase.confirm_above}.
 */
public record EraseRequest(List<String> macs, List<String> serials, List<String> groups, boolean dryRun,
                           Integer confirm) {

    /** Longest list in one request: a lab is larger than that only by mistake. */
    public static final int MAX_NAMES = 1000;

    @JsonCreator
    public EraseRequest(@JsonProperty("macs") List<String> macs, @JsonProperty("serials") List<String> serials,
                        @JsonProperty("groups") List<String> groups, @JsonProperty("dryRun") Boolean dryRun,
                        @JsonProperty("confirm") Integer confirm) {
        this(macs == null ? List.of() : List.copyOf(macs), serials == null ? List.of() : List.copyOf(serials),
                groups == null ? List.of() : List.copyOf(groups), dryRun != null && dryRun, confirm);
    }

    public EraseRequest {
        macs = List.copyOf(macs);
        serials = List.copyOf(serials);
        groups = List.copyOf(groups);
        if (macs.isEmpty() && serials.isEmpty() && groups.isEmpty()) {
            throw new IllegalArgumentException("name the Macs to erase: macs, serials or groups");
        }
        if (macs.size() + serials.size() + groups.size() > MAX_NAMES) {
            throw new IllegalArgumentException("at most " + MAX_NAMES + " names in one request");
        }
        if (confirm != null && confirm < 1) {
            throw new IllegalArgumentException("confirm is the number of Macs to erase, at least 1");
        }
    }
}
