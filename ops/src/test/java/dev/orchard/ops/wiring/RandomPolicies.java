package dev.orchard.ops.wiring;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Random {@code orchard.yaml} policy sections for properties: rules with random {@code mac},
 * {@code serial}, {@code model} (exact or glob), {@code subnet} and {@code group} fields, every action,
 * NBIs that are in the test catalog, can only boot another architecture, or are not there at all; an
 * inventory whose rows have a MAC, a serial or both, some in a group; and random Macs drawn from the same
 * pools, so rules, groups and inventory rows hit them often.
 */
final class RandomPolicies {

    static final List<String> MACS = List.of("00:1b:63:00:00:01", "00:1b:63:00:00:02", "00:1b:63:00:00:03",
            "00:1b:63:00:00:04", "00:1b:63:00:00:05", "00:1b:63:00:00:06");
    static final List<String> SERIALS = List.of("C02SERIAL001", "C02SERIAL002", "C02SERIAL003", "C02SERIAL004",
            "C02SERIAL005", "C02SERIAL006");
    static final List<String> MODEL_PATTERNS = List.of("iMac18,1", "iMac18,*", "iMac*", "Macmini8,1", "Macmini*",
            "MacBookPro15,1", "*,1");
    static final List<String> MODELS = List.of("iMac18,1", "iMac18,3", "iMac19,1", "Macmini8,1", "MacBookPro15,1",
            "MacPro7,1");
    /** Loopback subnets, so a real server on 127.0.0.1 can answer each Mac at its ciaddr. */
    static final List<String> SUBNETS = List.of("127.0.0.0/8", "127.1.0.0/16", "127.1.2.0/24", "127.5.5.0/24");
    static final List<String> ADDRESSES = List.of("127.1.2.3", "127.1.9.9", "127.200.0.1", "127.5.5.7", "127.0.0.1");
    /** Bootable i386 images, a ppc-only one (never bootable by these Macs) and a name the catalog lacks. */
    static final List<String> NBIS = List.of("Restore", "Install", "Ppc Only", "Not In The Catalog");
    static final List<String> ACTIONS = List.of("none", "thin", "restore", "install", "erase");

    /** One Mac as BSDP sees it. */
    record Machine(String mac, String model, String ip) {
    }

    /** The configuration's text, and a short summary for failure messages. */
    record Config(String yaml, String inventoryCsv) {
    }

    private RandomPolicies() {
    }

    static Arbitrary<Machine> machines() {
        Arbitrary<String> mac = Arbitraries.oneOf(Arbitraries.of(MACS),
                Arbitraries.integers().between(0x10, 0xff).map(i -> String.format("00:1b:63:00:01:%02x", i)));
        return Combinators.combine(mac, Arbitraries.of(MODELS), Arbitraries.of(ADDRESSES)).as(Machine::new);
    }

    static Arbitrary<Config> configs() {
        return Combinators.combine(rules().list().ofMinSize(1).ofMaxSize(6), defaultRule(), inventory(), groupOne(),
                groupTwo()).as(RandomPolicies::render);
    }

    private static Arbitrary<String> defaultRule() {
        // a rule without match takes every machine: only last, sometimes absent
        return Arbitraries.oneOf(Arbitraries.just(""), action().map(a -> rule("default", "", a)));
    }

    private static Arbitrary<String> rules() {
        Arbitrary<List<String>> macs = Arbitraries.of(MACS).list().ofMinSize(1).ofMaxSize(2).uniqueElements();
        Arbitrary<List<String>> serials = Arbitraries.of(SERIALS).list().ofMinSize(1).ofMaxSize(2).uniqueElements();
        Arbitrary<String> mac = Arbitraries.oneOf(Arbitraries.just(""), macs.map(l -> "mac: " + quoted(l)));
        Arbitrary<String> serial = Arbitraries.oneOf(Arbitraries.just(""), serials.map(l -> "serial: " + quoted(l)));
        Arbitrary<String> model = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.of(MODEL_PATTERNS).map(m -> "model: \"" + m + "\""));
        Arbitrary<String> subnet = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.of(SUBNETS).map(s -> "subnet: " + s));
        Arbitrary<String> group = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("g1", "g2").map(g -> "group: " + g));
        Arbitrary<String> match = Combinators.combine(mac, serial, model, subnet, group)
                .as((a, b, c, d, e) -> List.of(a, b, c, d, e).stream().filter(f -> !f.isEmpty())
                        .collect(Collectors.joining(", ")))
                .filter(m -> !m.isEmpty());
        return Combinators.combine(match, action()).as((m, a) -> rule("%s", m, a));
    }

    /** An action with the keys it needs, and an NBI for every action but none and erase (which never netboot). */
    private static Arbitrary<String> action() {
        return Combinators.combine(Arbitraries.of(ACTIONS), Arbitraries.of(NBIS)).as((action, nbi) -> switch (action) {
            case "none" -> "    action: none\n";
            // an erase rule never netboots: with an nbi: it is rejected at load, and is generated to prove it
            case "erase" -> (nbi.equals("Install") ? "    nbi: Install\n" : "") + "    action: erase\n"
                    + (nbi.startsWith("R") ? "    workflow: w\n" : "");
            case "thin" -> "    nbi: " + nbi + "\n    action: thin\n    workflow: w\n";
            case "restore" -> "    nbi: " + nbi + "\n    action: restore\n    image: img\n";
            default -> "    nbi: " + nbi + "\n    action: install\n    installer: inst\n    workflow: w\n";
        });
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String rule(String name, String match, String action) {
        return "  - name: " + name + "\n" + (match.isEmpty() ? "" : "    match: {" + match + "}\n") + action;
    }

    /** Rows with a MAC, a serial or both, each MAC and serial at most once, in group g1, g2 or none. */
    private static Arbitrary<String> inventory() {
        Arbitrary<String> row = Combinators.combine(Arbitraries.integers().between(0, MACS.size()),
                Arbitraries.integers().between(0, SERIALS.size()), Arbitraries.of("", "g1", "g2"))
                .as((m, s, g) -> (m < MACS.size() ? MACS.get(m) : "") + "," + (s < SERIALS.size() ? SERIALS.get(s) : "")
                        + "," + g);
        return row.list().ofMaxSize(5).map(RandomPolicies::uniqueRows);
    }

    private static String uniqueRows(List<String> rows) {
        StringBuilder csv = new StringBuilder("mac,serial,name,group\n");
        List<String> seen = new ArrayList<>();
        int n = 0;
        for (String r : rows) {
            String[] f = r.split(",", -1);
            if (f[0].isEmpty() && f[1].isEmpty() || !f[0].isEmpty() && seen.contains(f[0])
                    || !f[1].isEmpty() && seen.contains(f[1])) {
                continue;
            }
            seen.add(f[0]);
            seen.add(f[1]);
            csv.append(f[0]).append(',').append(f[1]).append(",m").append(n++).append(',').append(f[2]).append('\n');
        }
        return csv.toString();
    }

    /** g1 lists MACs and serials, g2 serials only (inventory rows may add members to either). */
    private static Arbitrary<String> groupOne() {
        return Combinators.combine(Arbitraries.of(MACS).list().ofMinSize(1).ofMaxSize(2).uniqueElements(),
                        Arbitraries.of(SERIALS).list().ofMaxSize(2).uniqueElements())
                .as((m, s) -> "  - name: g1\n    mac: " + quoted(m) + "\n    serial: " + quoted(s) + "\n");
    }

    private static Arbitrary<String> groupTwo() {
        return Arbitraries.of(SERIALS).list().ofMinSize(1).ofMaxSize(2).uniqueElements()
                .map(s -> "  - name: g2\n    serial: " + quoted(s) + "\n");
    }

    private static Config render(List<String> rules, String last, String inventory, String g1, String g2) {
        StringBuilder y = new StringBuilder("""
                images:
                  block:
                    - name: img
                      file: img.img
                  installers:
                    - name: inst
                      file: inst.pkg
                      sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
                workflows:
                  - name: w
                    steps: [{type: localize, timezone: UTC}]
                inventory: [inv.csv]
                groups:
                """);
        y.append(g1).append(g2).append("policies:\n");
        for (int i = 0; i < rules.size(); i++) {
            y.append(rules.get(i).formatted("r" + (i + 1)));
        }
        y.append(last);
        return new Config(y.toString(), inventory);
    }
}
