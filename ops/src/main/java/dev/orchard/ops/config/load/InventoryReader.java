package dev.orchard.ops.config.load;

import dev.orchard.ops.config.InventoryRow;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.Serials;
import dev.orchard.ops.config.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads inventory CSV files: {@code mac,serial,name,group} per line, the header line optional, blank
 * lines and {@code #} comments skipped, fields optionally in double quotes (a name may contain a
 * comma). A MAC or serial listed twice (in one file or across files) is an error naming both lines,
 * since it would give one machine two names.
 */
final class InventoryReader {

    private static final int COLUMNS = 4;

    private final Problems problems;
    private final Map<MacAddress, SourceLocation> macs = new HashMap<>();
    private final Map<String, SourceLocation> serials = new HashMap<>();
    private final List<InventoryRow> rows = new ArrayList<>();

    InventoryReader(Problems problems) {
        this.problems = problems;
    }

    List<InventoryRow> rows() {
        return List.copyOf(rows);
    }

    void read(Path file, SourceLocation namedAt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            problems.error(namedAt, "inventory: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            SourceLocation at = new SourceLocation(file, i + 1, 1);
            List<String> fields = split(line, at);
            if (fields == null) {
                continue;
            }
            if (i == firstDataLine(lines) && fields.get(0).trim().toLowerCase(Locale.ROOT).equals("mac")) {
                continue;
            }
            row(fields, at);
        }
    }

    private void row(List<String> fields, SourceLocation at) {
        if (fields.size() > COLUMNS) {
            problems.error(at, "inventory: " + fields.size() + " columns; expected at most 4: mac,serial,name,group");
            return;
        }
        String macText = field(fields, 0);
        String serialText = field(fields, 1);
        String name = field(fields, 2);
        String groupText = field(fields, 3);
        if (macText == null && serialText == null) {
            problems.error(at, "inventory: a row needs a MAC or a serial (columns: mac,serial,name,group)");
            return;
        }
        try {
            MacAddress mac = macText == null ? null : MacAddress.parse(macText);
            String serial = serialText == null ? null : Serials.normalize(serialText);
            String group = groupText == null ? null : ValueRules.name(groupText);
            if (name != null && name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the name contains control characters");
            }
            if (mac != null && duplicate(macs.putIfAbsent(mac, at), at, "MAC " + mac)
                    || serial != null && duplicate(serials.putIfAbsent(serial, at), at, "serial " + serial)) {
                return;
            }
            rows.add(new InventoryRow(mac, serial, name, group, at));
        } catch (IllegalArgumentException e) {
            problems.error(at, "inventory: " + e.getMessage());
        }
    }

    private boolean duplicate(SourceLocation first, SourceLocation at, String what) {
        if (first == null) {
            return false;
        }
        problems.error(at, "inventory: " + what + " is listed twice (first at " + first + ")");
        return true;
    }

    private static int firstDataLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return i;
            }
        }
        return -1;
    }

    private static String field(List<String> fields, int i) {
        if (i >= fields.size()) {
            return null;
        }
        String f = fields.get(i).trim();
        return f.isEmpty() ? null : f;
    }

    /** RFC 4180-style fields: commas separate, double quotes enclose, {@code ""} is a quote. */
    private List<String> split(String line, SourceLocation at) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            problems.error(at, "inventory: a quoted field is not closed");
            return null;
        }
        out.add(cur.toString());
        return out;
    }
}
