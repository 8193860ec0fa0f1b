package dev.orchard.ops.wiring;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.MachineStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which erase stage of each Mac is in the webhook outbox: {@code <data_dir>/webhooks/erase-offered}, a line
 * {@code <mac> <flow id> <stage>} per Mac, rewritten whole (temporary file, fsync, atomic rename: a crash leaves
 * the old file or the new one, never half of one). Erase stages are a few per Mac and erase, so a sync each is
 * cheap. A missing file (the first start with webhooks) starts from the journal: what it holds counts as offered.
 */
final class ErasesOffered {

    static final String FILE_NAME = "erase-offered";
    private static final Logger LOG = LoggerFactory.getLogger(ErasesOffered.class);

    private final Path file;
    /** MAC → "flow id stage", sorted so the file is stable. Guarded by this. */
    private final Map<String, String> byMac = new TreeMap<>();

    private ErasesOffered(Path file) {
        this.file = file;
    }

    static ErasesOffered load(Path file, List<MachineStatus> journaled) throws IOException {
        ErasesOffered o = new ErasesOffered(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            for (MachineStatus m : journaled) {
                if (m.erase() != null) {
                    o.byMac.put(m.mac(), key(m.erase()));
                }
            }
            o.save();
            return o;
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 3) {
                o.byMac.put(f[0], f[1] + " " + f[2]);
            } else if (!line.isBlank()) {
                LOG.warn("webhooks: {} has a line that is not '<mac> <flow id> <stage>', left out: {}", file, line);
            }
        }
        return o;
    }

    synchronized boolean has(EraseStep step) {
        return key(step).equals(byMac.get(step.mac()));
    }

    /** Notes that the outbox holds {@code step}'s stage; durable when this returns. */
    synchronized void note(EraseStep step) throws IOException {
        byMac.put(step.mac(), key(step));
        save();
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        byMac.forEach((mac, key) -> text.append(mac).append(' ').append(key).append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String key(EraseStep s) {
        return s.flowId() + " " + s.stage();
    }
}
