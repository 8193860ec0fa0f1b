package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.transfer.HttpSettings;
import dev.orchard.agent.transfer.RangeSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;

/**
 * Everything one block restore needs.
 *
 * @param imageUrl       absolute URL of the image bytes
 * @param expectedSha256 the plan's sha256 for the image (null: the manifest's is used alone)
 * @param journalFolder  where the progress journal lives (the agent's work folder)
 * @param prewritten     chunks this run already wrote and verified by sha256 another way (multicast): re-read only for the whole image's digest
 */
public record RestoreJob(Manifest manifest, URI imageUrl, String expectedSha256, Path target, Path journalFolder,
                         RangeSource source, HttpSettings http, RestoreOptions options, RestoreListener listener,
                         BitSet prewritten) {

    public RestoreJob(Manifest manifest, URI imageUrl, String expectedSha256, Path target, Path journalFolder,
                      RangeSource source, HttpSettings http, RestoreOptions options, RestoreListener listener) {
        this(manifest, imageUrl, expectedSha256, target, journalFolder, source, http, options, listener, new BitSet());
    }

    public RestoreJob {
        prewritten = prewritten == null ? new BitSet() : (BitSet) prewritten.clone();
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(imageUrl, "imageUrl");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(journalFolder, "journalFolder");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(options, "options");
        listener = listener == null ? RestoreListener.NONE : listener;
    }
}
