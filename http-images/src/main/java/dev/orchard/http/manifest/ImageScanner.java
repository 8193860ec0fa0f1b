package dev.orchard.http.manifest;

import dev.orchard.http.files.OpenedFolder;
import dev.orchard.http.spi.ImageManifest;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the block images in a folder (recursively; stored manifests and hidden files skipped) and brings
 * their manifests up to date: what {@code orchard image scan} runs with a progress bar. The folder is listed
 * through open descriptors without following symlinks to folders (like {@code find} without {@code -L}), so a
 * folder swapped for a symlink during the scan is not listed; each image is then opened as the server opens it
 * ({@link ManifestStore#openImage}).
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

    /**
     * Image names (relative paths with {@code /}) below {@code folder}, sorted: regular files, and symlinks (the
     * server serves those whose target is a regular file inside the folder; {@link ManifestStore#openImage}
     * decides).
     */
    public static List<String> imageNames(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (OpenedFolder root = OpenedFolder.open(folder)) {
            collect(root, "", out);
        }
        out.sort(null);
        return out;
    }

    private static void collect(OpenedFolder folder, String prefix, List<String> out) throws IOException {
        for (OpenedFolder.Entry e : folder.entries()) {
            if (e.name().startsWith(".") || ManifestStore.isManifestFile(e.name())) {
                continue;
            }
            switch (e.kind()) {
                case FILE, SYMLINK -> out.add(prefix + e.name());
                case FOLDER -> {
                    OpenedFolder sub;
                    try {
                        sub = folder.folder(e.name());
                    } catch (FileSystemException gone) {
                        continue; // removed, or swapped for a symlink, since the listing: not followed
                    }
                    try (sub) {
                        collect(sub, prefix + e.name() + "/", out);
                    }
                }
                case OTHER -> {
                    // FIFOs, devices, sockets: never images
                }
            }
        }
    }

    /**
     * Loads or recomputes every image's manifest. Names that are not servable images (a symlink to a folder or
     * out of the folder, a file removed meanwhile) are skipped.
     */
    public List<ImageManifest> scan(Path folder, Progress progress) throws IOException {
        List<ImageManifest> out = new ArrayList<>();
        for (String name : imageNames(folder)) {
            try {
                out.add(store.loadOrBuild(folder, name, (done, total) -> progress.progress(name, done, total)));
            } catch (NoSuchFileException notAnImage) {
                // not served either: nothing to describe
            }
        }
        return out;
    }
}
