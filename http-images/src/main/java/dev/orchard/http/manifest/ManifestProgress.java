package dev.orchard.http.manifest;

/** Progress of hashing one image; called from the hashing thread after each chunk. */
@FunctionalInterface
public interface ManifestProgress {

    ManifestProgress NONE = (done, total) -> {
    };

    void progress(long bytesDone, long bytesTotal);
}
