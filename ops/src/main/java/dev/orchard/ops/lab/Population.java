package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.InventoryRow;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.Match;
import dev.orchard.ops.config.ModelPattern;
import dev.orchard.ops.config.PolicyRule;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Builds the simulated Macs of a lab so that the configuration's policies are exercised: Mac {@code i}
 * is aimed at one rule (the first rule of each action first, then every rule in turn) and takes what
 * that rule matches on — a listed MAC or serial, a member of its group (with the inventory's serial),
 * a model its pattern matches. Whatever a rule leaves open is random but deterministic for the seed:
 * an Apple-OUI MAC, a 12-character serial, a model NetBoot supports. Subnet rules are not aimed at:
 * the address is the lab's to choose ({@code ciaddr}), not the policy's.
 *
 * <p>The generator only aims; what each Mac must end with is computed separately from the same
 * configuration by the policy evaluator ({@link Expectation}), so a Mac that misses its aim (a MAC
 * already taken, a rule shadowed for it) is still checked against the truth.
 */
public final class Population {

    /** Intel models that can NetBoot (no T2 chip): what unconstrained Macs are. */
    static final List<String> NETBOOT_MODELS = List.of("iMac18,1", "iMac18,2", "iMac18,3", "iMac19,1", "Macmini7,1",
            "MacBookPro13,1", "MacBookPro14,1", "MacBookAir7,2", "MacPro6,1");
    /**
     * Apple silicon and T2 models (they cannot NetBoot; their erase goes through the MDM): what a Mac aimed at an
     * erase rule without a model pattern is. MacBookPro16,1 and iMac20,1 are Intel Macs with the T2 chip.
     */
    static final List<String> MODERN_MODELS = List.of("Mac13,1", "Mac14,2", "Mac14,3", "Mac14,7", "Mac15,3",
            "MacBookPro16,1", "iMac20,1");

    /** Apple silicon model identifiers are {@code MacN,M}; every other modern model here is a T2 Mac. */
    static boolean appleSilicon(String model) {
        return model.matches("Mac\\d+,\\d+");
    }
    /** An OUI Apple owns (00:1b:63), so generated MACs look like Macs' to an admin reading logs. */
    private static final long APPLE_OUI = 0x001b63L << 24;
    private static final String SERIAL_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

    private final ConfigSnapshot snapshot;
    private final long seed;
    private final IntFunction<Inet4Address> addresses;
    private final Set<MacAddress> usedMacs = new HashSet<>();
    private final Set<String> usedSerials = new HashSet<>();

    private Population(ConfigSnapshot snapshot, long seed, IntFunction<Inet4Address> addresses) {
        this.snapshot = snapshot;
        this.seed = seed;
        this.addresses = addresses;
    }

    /** Macs {@code 0 … count-1}; the same seed and configuration always give the same Macs. */
    public static List<LabMachine> generate(ConfigSnapshot snapshot, int count, long seed,
                                            IntFunction<Inet4Address> addresses) {
        Population p = new Population(snapshot, seed, addresses);
        List<PolicyRule> order = aimOrder(snapshot.config().policies(), snapshot.config().mdm() != null);
        List<LabMachine> macs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PolicyRule aim = order.isEmpty() ? null : order.get(i % order.size());
            macs.add(p.build(i, aim));
        }
        return macs;
    }

    /** The first rule of each action (so a few Macs already cover every action), then the others, in file order. */
    static List<PolicyRule> aimOrder(List<PolicyRule> rules) {
        return aimOrder(rules, false);
    }

    /** {@code modernMacs}: erase rules are aimed at too (the lab plays their MDM path: an {@code mdm:} section). */
    static List<PolicyRule> aimOrder(List<PolicyRule> rules, boolean modernMacs) {
        List<PolicyRule> first = new ArrayList<>();
        List<PolicyRule> rest = new ArrayList<>();
        Set<Action> seen = EnumSet.noneOf(Action.class);
        for (PolicyRule r : rules) {
            if (aimable(r, modernMacs) && seen.add(r.action())) {
                first.add(r);
            } else if (aimable(r, modernMacs)) {
                rest.add(r);
            }
        }
        first.addAll(rest);
        return first;
    }

    /** A rule that needs a subnet can only be met by chance of the lab's addresses. */
    private static boolean aimable(PolicyRule r, boolean modernMacs) {
        // erase rules are the MDM path (docs/mdm.md): simulated only when the configuration names an MDM
        return r.match().subnet().isEmpty() && (modernMacs || r.action() != Action.ERASE);
    }

    private LabMachine build(int index, PolicyRule aim) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        MacAddress mac = null;
        String serial = null;
        String model = null;
        if (aim != null) {
            Match m = aim.match();
            MachineDirectory dir = snapshot.directory();
            mac = unusedMac(m.mac(), random);
            serial = unusedSerial(m.serial(), random);
            for (String group : shuffled(m.group(), random)) {
                if (mac == null && serial == null) {
                    mac = unusedMac(dir.macsOf(group), random);
                    serial = mac == null ? unusedSerial(dir.serialsOf(group), random) : null;
                }
            }
            if (!m.model().isEmpty()) {
                model = instantiate(m.model().get(random.nextInt(m.model().size())), random);
            }
        }
        if (mac == null) {
            mac = randomMac(random);
        }
        usedMacs.add(mac);
        if (serial == null) {
            serial = snapshot.directory().lookup(mac, null).map(InventoryRow::serial)
                    .filter(s -> !usedSerials.contains(s)).orElse(null);
        }
        if (serial == null) {
            serial = randomSerial(random);
        }
        usedSerials.add(serial);
        if (model == null) {
            List<String> models = aim != null && aim.action() == Action.ERASE ? MODERN_MODELS : NETBOOT_MODELS;
            model = models.get(random.nextInt(models.size()));
        }
        return new LabMachine(index, mac, serial, model, addresses.apply(index), aim == null ? null : aim.name());
    }

    private MacAddress unusedMac(Collection<MacAddress> candidates, Random random) {
        return shuffled(candidates, random).stream().filter(m -> !usedMacs.contains(m)).findFirst().orElse(null);
    }

    private String unusedSerial(Collection<String> candidates, Random random) {
        return shuffled(candidates, random).stream().filter(s -> !usedSerials.contains(s)).findFirst().orElse(null);
    }

    /** Sorted first, so the order of a hash set never changes what a seed gives. */
    private static <T extends Comparable<? super T>> List<T> shuffled(Collection<T> values, Random random) {
        List<T> list = new ArrayList<>(values);
        list.sort(null);
        java.util.Collections.shuffle(list, random);
        return list;
    }

    private MacAddress randomMac(Random random) {
        while (true) {
            MacAddress candidate = new MacAddress(APPLE_OUI | random.nextInt(1 << 24));
            if (!usedMacs.contains(candidate)) {
                return candidate;
            }
        }
    }

    private String randomSerial(Random random) {
        while (true) {
            StringBuilder s = new StringBuilder("C02");
            for (int i = 0; i < 9; i++) {
                s.append(SERIAL_CHARS.charAt(random.nextInt(SERIAL_CHARS.length())));
            }
            if (!usedSerials.contains(s.toString())) {
                return s.toString();
            }
        }
    }

    /**
     * A model identifier the pattern matches: {@code iMac18,*} → {@code iMac18,2}, {@code Macmini*} →
     * {@code Macmini7,1}. A {@code *} after a comma becomes a minor number, elsewhere a {@code major,minor}
     * pair when the pattern has no comma after it, else a major number.
     */
    static String instantiate(ModelPattern pattern, Random random) {
        String glob = pattern.glob();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                out.append(c);
            } else if (i > 0 && glob.charAt(i - 1) == ',') {
                out.append(1 + random.nextInt(3));
            } else if (glob.indexOf(',', i) < 0) {
                out.append(7 + random.nextInt(12)).append(',').append(1 + random.nextInt(2));
            } else {
                out.append(7 + random.nextInt(12));
            }
        }
        String model = out.toString();
        return pattern.matches(model) ? model : glob.replace("*", "");
    }
}
