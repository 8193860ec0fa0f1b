package dev.orchard.ops.mdm;

import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalRecord;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Appends to the journal and waits until the record is on disk: nothing of the flow acts on a record before. */
final class Durably {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private Durably() {
    }

    static void append(Journal journal, JournalRecord r, String what) throws IOException {
        try {
            journal.append(r).get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while journaling " + what + " of " + r.mac(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot journal " + what + " of " + r.mac() + ": " + e, e);
        }
    }
}
