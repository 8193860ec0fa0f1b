package dev.orchard.http.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the mount serving a path: the longest matching prefix wins. */
public final class MountTable {

    /** A path matched to a mount, with the segments below the mount's root. */
    public record Match(Mount mount, List<String> relative) {
    }

    private final List<Mount> mounts;

    public MountTable(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.prefix().size()).reversed());
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sorted.get(i).prefix().equals(sorted.get(j).prefix())) {
                    throw new IllegalArgumentException("two mounts share the prefix " + sorted.get(i).prefixPath());
                }
            }
        }
        this.mounts = List.copyOf(sorted);
    }

    public Optional<Match> match(RequestPath path) {
        for (Mount m : mounts) {
            if (path.startsWith(m.prefix())) {
                return Optional.of(new Match(m, path.after(m.prefix().size())));
            }
        }
        return Optional.empty();
    }

    public List<Mount> mounts() {
        return mounts;
    }
}
