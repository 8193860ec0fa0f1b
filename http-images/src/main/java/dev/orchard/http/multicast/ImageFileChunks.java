package dev.orchard.http.multicast;

import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.ImageManifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An image under the block images folder, opened as the file server opens it (one component at a time, no
 * symlink out of the root: {@link ManifestStore#openImage}) with its fresh manifest (built when missing or
 * stale). The descriptor stays on the bytes the manifest describes even if the path is replaced meanwhile;
 * a receiver checks every chunk by sha256 anyway.
 */
public final class ImageFileChunks implements ImageChunks {

    private final FileInFolder image;
    private final ImageManifest manifest;

    private ImageFileChunks(FileInFolder image, ImageManifest manifest) {
        this.image = image;
        this.manifest = manifest;
    }

    /** Opens {@code name} (relative, {@code /}-separated) under {@code root}. Blocking (may hash the image). */
    public static ImageFileChunks open(Path root, String name, ManifestStore manifests) throws IOException {
        FileInFolder image = ManifestStore.openImage(root, name);
        try {
            return new ImageFileChunks(image, manifests.loadOrBuild(image, name, ManifestProgress.NONE));
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    @Override
    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return image.file().channel().read(dst, position);
    }

    @Override
    public void close() throws IOException {
        image.close();
    }
}
