package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link JournalDisk} over a real folder that models what a power cut keeps, as strictly as POSIX allows
 * and Linux does:
 * <ul>
 *   <li>a file's bytes are durable only up to its last successful {@code force}; of the bytes written
 *       after it, a power cut keeps none, a random prefix (a torn write) or a random length of zeros (the
 *       size reached the disk, the data did not);</li>
 *   <li>a failed {@code force} loses the bytes it should have written for good (Linux marks the pages
 *       clean after a failed writeback): they stay missing until they are written again;</li>
 *   <li>a name created, renamed or deleted in a folder is durable only after a sync of that folder; of the
 *       operations since, a power cut keeps a random prefix (metadata reaches the disk in order, as with
 *       ext4's journal), and a file's own {@code force} does not make its name durable;</li>
 *   <li>the power is cut at a chosen operation (or when the test says): that operation and every later one
 *       fails, and nothing more reaches the folder; transient write, fsync and folder-sync failures can
 *       be injected before that.</li>
 * </ul>
 * {@link #powerOn()} then rewrites the folder as the disk would hold it after the cut. Everything under the
 * root at construction counts as durable.
 */
final class PowerCutDisk implements JournalDisk {

    /** How often transient failures are injected while the power is on. */
    record Faults(double write, double force, double syncDirectory) {
        static final Faults NONE = new Faults(0, 0, 0);
    }

    private static final Object DIRECTORY = "directory";

    private sealed interface NameOp permits Add, Remove, Rename {
    }

    private record Add(String name, Object entry) implements NameOp {
    }

    private record Remove(String name) implements NameOp {
    }

    private record Rename(String from, String to) implements NameOp {
    }

    /** One file (an inode): its durable bytes and where it is now. */
    static final class Node {
        private byte[] durable;
        private Path path;
        private byte[] deletedContent;
        private final List<long[]> dirty = new ArrayList<>();
        private final List<long[]> lost = new ArrayList<>();

        private Node(Path path, byte[] durable) {
            this.path = path;
            this.durable = durable;
        }

        synchronized Path path() {
            return path;
        }

        synchronized void written(long from, long to) {
            if (to > from) {
                dirty.add(new long[] {from, to});
                without(lost, from, to);
            }
        }

        synchronized void truncated(long size) {
            clip(dirty, size);
            clip(lost, size);
        }

        synchronized void writebackFailed(long size) {
            lost.addAll(dirty);
            dirty.clear();
        }

        /** The file was synced: its content now is durable, except bytes whose writeback failed earlier. */
        synchronized void forced() throws IOException {
            if (path == null) {
                return; // deleted while open: nothing of it survives anyway
            }
            byte[] content = Files.readAllBytes(path);
            byte[] before = durable;
            durable = content;
            for (long[] r : lost) {
                for (long i = r[0]; i < Math.min(r[1], content.length); i++) {
                    durable[(int) i] = i < before.length ? before[(int) i] : 0;
                }
            }
            dirty.clear();
        }

        private synchronized byte[] afterCut(byte[] current, Random random) {
            int d = durable.length;
            if (current.length < d) {
                return random.nextBoolean() ? durable.clone() : Arrays.copyOf(durable, current.length);
            }
            int kept = d + random.nextInt(current.length - d + 1);
            byte[] out = Arrays.copyOf(durable, kept);
            switch (random.nextInt(3)) {
                case 0 -> out = durable.clone(); // nothing written since the last force survives
                case 1 -> { // a torn write: a prefix of the later bytes, but never bytes whose writeback failed
                    System.arraycopy(current, d, out, d, kept - d);
                    for (long[] r : lost) {
                        for (long i = Math.max(r[0], d); i < Math.min(r[1], kept); i++) {
                            out[(int) i] = 0;
                        }
                    }
                }
                default -> { // the size reached the disk, the data did not: zeros
                }
            }
            return out;
        }

        private static void without(List<long[]> ranges, long from, long to) {
            List<long[]> out = new ArrayList<>();
            for (long[] r : ranges) {
                if (r[1] <= from || r[0] >= to) {
                    out.add(r);
                    continue;
                }
                if (r[0] < from) {
                    out.add(new long[] {r[0], from});
                }
                if (r[1] > to) {
                    out.add(new long[] {to, r[1]});
                }
            }
            ranges.clear();
            ranges.addAll(out);
        }

        private static void clip(List<long[]> ranges, long size) {
            without(ranges, size, Long.MAX_VALUE);
        }
    }

    private final Path root;
    private final Random random;
    private final Faults faults;
    private final Map<Path, Map<String, Object>> durableNames = new HashMap<>();
    private final Map<Path, List<NameOp>> pendingNames = new HashMap<>();
    private final Map<Path, Node> live = new HashMap<>();
    private String cutKind;
    private long cutCountdown = -1;
    private volatile boolean off;
    private volatile String cutDuring = "nothing (the test cut it at the end)";

    PowerCutDisk(Path root, long seed, Faults faults) throws IOException {
        this.root = root.toAbsolutePath();
        this.random = new Random(seed);
        this.faults = faults;
        try (Stream<Path> all = Files.walk(this.root)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p)) {
                    durableNames.put(p, new HashMap<>());
                } else {
                    live.put(p, new Node(p, Files.readAllBytes(p)));
                }
                if (!p.equals(this.root)) {
                    durableNames.get(p.getParent()).put(name(p), Files.isDirectory(p) ? DIRECTORY : live.get(p));
                }
            }
        }
    }

    /**
     * Cuts the power at the {@code n}-th operation of one kind from now, named as in {@link #cutDuring()}
     * ("write of a segment", "sync of a folder", "rename of a compaction file"…). Choosing the kind first
     * spreads cuts over every step, not mostly over the most frequent one.
     */
    synchronized void cutAt(String kind, long n) {
        cutKind = kind;
        cutCountdown = n;
    }

    /** Cuts the power now (say, right after an acknowledgement). */
    void cut(String during) {
        if (!off) {
            cutDuring = during;
            off = true;
        }
    }

    /** The operation the power was cut at. */
    String cutDuring() {
        return cutDuring;
    }

    boolean isOff() {
        return off;
    }

    // ---- the JournalDisk operations ----

    @Override
    public synchronized FileChannel open(Path file, OpenOption... options) throws IOException {
        before("open", file);
        Path p = file.toAbsolutePath();
        Set<OpenOption> opts = Set.of(options);
        boolean creates = opts.contains(StandardOpenOption.CREATE) || opts.contains(StandardOpenOption.CREATE_NEW);
        Node node = live.get(p);
        if (node == null && creates && !Files.exists(p)) {
            FileChannel ch = FileChannel.open(p, options);
            node = new Node(p, new byte[0]);
            live.put(p, node);
            pending(p.getParent()).add(new Add(name(p), node));
            return new PowerCutChannel(ch, this, node);
        }
        if (node == null) {
            throw new IllegalStateException("the journal opened a file it did not create through its disk: " + p);
        }
        FileChannel ch = FileChannel.open(p, options);
        if (opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            node.truncated(0);
        }
        return new PowerCutChannel(ch, this, node);
    }

    @Override
    public synchronized void createDirectory(Path dir) throws IOException {
        before("mkdir", dir);
        Path p = dir.toAbsolutePath();
        Files.createDirectory(p);
        durableNames.put(p, new HashMap<>());
        pending(p.getParent()).add(new Add(name(p), DIRECTORY));
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        before("rename", to);
        Path f = from.toAbsolutePath();
        Path t = to.toAbsolutePath();
        if (!f.getParent().equals(t.getParent())) {
            throw new IllegalStateException("renames across folders are not modelled: " + f + " -> " + t);
        }
        Node replaced = live.get(t);
        if (replaced != null) {
            gone(replaced, t);
        }
        Node node = live.remove(f);
        if (node == null) {
            throw new IllegalStateException("the journal renamed a file it did not create through its disk: " + f);
        }
        Files.move(f, t, StandardCopyOption.ATOMIC_MOVE);
        live.put(t, node);
        node.path = t;
        pending(f.getParent()).add(new Rename(name(f), name(t)));
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        before("delete", file);
        Path p = file.toAbsolutePath();
        Node node = live.remove(p);
        if (node == null) {
            if (Files.exists(p)) {
                throw new IllegalStateException("the journal deleted a file it did not create through its disk: " + p);
            }
            return;
        }
        gone(node, p);
        Files.delete(p);
        pending(p.getParent()).add(new Remove(name(p)));
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        before("sync", dir);
        if (random.nextDouble() < faults.syncDirectory()) {
            throw new IOException("injected folder fsync failure");
        }
        Path p = dir.toAbsolutePath();
        Map<String, Object> names = durableNames.computeIfAbsent(p, k -> new HashMap<>());
        for (NameOp op : pending(p)) {
            apply(names, op);
        }
        pending(p).clear();
    }

    // ---- what the channels ask ----

    synchronized void before(String operation, Path file) throws IOException {
        operation = operation + " of " + (operation.equals("mkdir") || operation.equals("sync") ? "a folder" : kind(file));
        if (off) {
            throw new IOException("the power is off (" + operation + ")");
        }
        if (operation.equals(cutKind) && --cutCountdown == 0) {
            cut(operation);
            throw new IOException("power cut during " + operation);
        }
    }

    synchronized boolean injectedWriteFailure() {
        return random.nextDouble() < faults.write();
    }

    synchronized long partOf(long total) {
        return total == 0 ? 0 : (long) (random.nextDouble() * total);
    }

    synchronized boolean injectedForceFailure() {
        return random.nextDouble() < faults.force();
    }

    // ---- after the cut ----

    /**
     * Rewrites the folder as the disk holds it after the cut (the power must be off; channels still open on
     * the old files are dead: every call on them fails).
     */
    synchronized void powerOn() throws IOException {
        off = true;
        Map<Path, byte[]> files = new TreeMap<>();
        List<Path> dirs = new ArrayList<>();
        survivors(root, files, dirs);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
        dirs.sort(null);
        for (Path d : dirs) {
            Files.createDirectories(d);
        }
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
            Files.write(f.getKey(), f.getValue());
        }
    }

    private void survivors(Path dir, Map<Path, byte[]> files, List<Path> dirs) throws IOException {
        Map<String, Object> names = new TreeMap<>(durableNames.getOrDefault(dir, Map.of()));
        List<NameOp> ops = pending(dir);
        for (NameOp op : ops.subList(0, random.nextInt(ops.size() + 1))) {
            apply(names, op);
        }
        for (Map.Entry<String, Object> e : names.entrySet()) {
            Path child = dir.resolve(e.getKey());
            if (e.getValue() == DIRECTORY) {
                dirs.add(child);
                survivors(child, files, dirs);
            } else {
                Node node = (Node) e.getValue();
                byte[] current = node.path != null ? Files.readAllBytes(node.path) : node.deletedContent;
                files.put(child, node.afterCut(current, random));
            }
        }
    }

    private static void apply(Map<String, Object> names, NameOp op) {
        if (op instanceof Add a) {
            names.put(a.name(), a.entry());
        } else if (op instanceof Remove r) {
            names.remove(r.name());
        } else if (op instanceof Rename r) {
            Object entry = names.remove(r.from());
            if (entry != null) {
                names.put(r.to(), entry);
            }
        }
    }

    private List<NameOp> pending(Path dir) {
        return pendingNames.computeIfAbsent(dir, k -> new ArrayList<>());
    }

    private static void gone(Node node, Path where) throws IOException {
        node.deletedContent = Files.readAllBytes(where);
        node.path = null;
    }

    /** What a path is to the journal, for the statistics of where the power was cut. */
    static String kind(Path p) {
        String n = p == null ? "" : name(p);
        if (n.endsWith(".seg")) {
            return "a segment";
        }
        if (n.equals(SegmentFiles.COMPACT_TMP) || n.endsWith(".compacted")) {
            return "a compaction file";
        }
        return "another file";
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
