package dev.orchard.http.manifest;

import dev.orchard.http.spi.ImageManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the block images in a folder (recursively; stored manifests and hidden files skipped) and brings
 * their manifests up to date: what {@code orchard image scan} runs with a progress bar.
 */
public final class ImageScanner {

    /** Progress of a whole scan: which image, and how far its hashing is. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (name, done, total) -> {
        };

        void progress(String image, long bytesDone, long bytesTotal);
    }

    private final ManifestStore store;

    public ImageScanner(ManifestStore store) {
        this.store = store;
    }

    /** Image names (relative paths with {@code /}) below {@code folder}, sorted. */
    public static List<String> imageNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !ManifestStore.isManifestFile(p))
                    .filter(p -> !hidden(folder.relativize(p)))
                    .map(p -> folder.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Loads or recomputes every image's manifest. */
    public List<ImageManifest> scan(Path folder, Progress progress) throws IOException {
        List<ImageManifest> out = new ArrayList<>();
        for (String name : imageNames(folder)) {
            out.add(store.loadOrBuild(folder.resolve(name), name,
                    (done, total) -> progress.progress(name, done, total)));
        }
        return out;
    }
}
