package dev.orchard.http.server;

import dev.orchard.http.manifest.ManifestBuilder;
import dev.orchard.http.manifest.ManifestJson;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An intermediate directory swapped for a symlink pointing outside the root while requests run: {@code
 * images/a/b} is, in a tight loop, moved away, replaced by a symlink to a folder outside the root holding the
 * same file names, and put back. A resolver that checks the path component by component and then opens it by
 * name can check {@code a/b} as a directory and open through the symlink (a time-of-check to time-of-use race).
 * Every file is requested several times from several threads, over more than one validity period of the open
 * file cache (so both first opens and revalidations race the swap); no byte of the outside files may ever be
 * served. With the per-component {@code O_NOFOLLOW} open this is impossible; with the old open by path it
 * failed within the first few hundred requests here. The manifest route must serve only manifests of the
 * images inside (before the ETag check: 2 of 3 manifests served during the swap described outside files).
 * <p>Beyond what is served, no file of the outside folder may be opened at all, for reading or writing, by any
 * route: {@link FolderAccessWatch} (inotify) sees every open, read, write and creation there, whatever path
 * reached it; the outside folder holds manifests fresh for its files, so that a read by path name is seen too.
 * When the manifest route read, hashed and stored manifests by path name, it wrote 6 to 50
 * {@code .manifest.json} files into the outside folder per run (and opened outside images to hash them).
 */
class SymlinkSwapIT {

    private static final int FILES = 300;
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 4;
    private static final int MANIFESTS_SERVED = 40;

    /** The outside folder's files before the tests. */
    static final List<String> OUTSIDE_FILES = new java.util.ArrayList<>();

    @TempDir
    static Path base;
    static HttpImageServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path inside = Files.createDirectories(base.resolve("images/a/b"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(inside.resolve(name(i)), content("inside", i));
            Files.writeString(outside.resolve(name(i)), content("OUTSIDE-SECRET", i));
            // the manifests a server reading by path name would find through the symlink: fresh for the outside
            // files, so reading one is seen (inotify) even when nothing is written
            Files.write(outside.resolve(name(i) + ManifestStore.SUFFIX), ManifestJson.toBytes(ManifestBuilder.build(
                    outside.resolve(name(i)), "a/b/" + name(i), ManifestBuilder.DEFAULT_CHUNK_SIZE,
                    ManifestProgress.NONE)));
        }
        try (var files = Files.list(outside)) {
            OUTSIDE_FILES.addAll(files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        server = HttpImageServer.start(ServerFixture.config(base), HttpPorts.standalone());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String name(int i) {
        return String.format("f%04d", i);
    }

    static String content(String what, int i) {
        return (what + " " + i + "\n").repeat(64);
    }

    @Test
    void noByteOutsideTheRootIsEverServed() throws Exception {
        List<String> leaks = new CopyOnWriteArrayList<>();
        AtomicLong served = new AtomicLong();
        AtomicLong notFound = new AtomicLong();
        FolderAccessWatch watch = FolderAccessWatch.start(base.resolve("outside"));
        long swaps = whileSwapping(client -> {
            for (int round = 0; round < ROUNDS; round++) {
                long roundStart = System.nanoTime();
                for (int i = client; i < FILES; i += CLIENTS) {
                    HttpResponse<String> r = get("/images/a/b/" + name(i));
                    if (r.statusCode() == 200) {
                        served.incrementAndGet();
                        if (!r.body().equals(content("inside", i))) {
                            leaks.add(name(i) + ": " + r.body().substring(0, Math.min(40, r.body().length())));
                        }
                    } else {
                        assertThat(r.statusCode()).as(name(i)).isEqualTo(404);
                        notFound.incrementAndGet();
                    }
                }
                // past the open file cache's validity: the next round revalidates every entry during the swaps
                pause(Duration.ofMillis(1100).minusNanos(System.nanoTime() - roundStart));
            }
        });
        List<String> outsideAccess = watch.stop();
        System.out.printf("symlink swap: %d swaps, %d files served, %d not found, %d leaks, %d outside files"
                + " touched%n", swaps, served.get(), notFound.get(), leaks.size(),
                FolderAccessWatch.files(outsideAccess).size());
        assertThat(leaks).as("bytes from outside the root").isEmpty();
        assertThat(outsideAccess).as("files outside the root opened, read or written").isEmpty();
        assertThat(swaps).as("the swap really ran during the requests").isGreaterThan(100);
        assertThat(served.get()).as("files were still served meanwhile").isPositive();
        // once the directory is back for good, every file is served whole
        assertThat(get("/images/a/b/" + name(7)).body()).isEqualTo(content("inside", 7));
    }

    /**
     * The manifest route resolves the image the same way; the manifest it serves must describe the image
     * inside the root, never a file the swapped-in symlink points to.
     */
    @Test
    void noManifestOfAFileOutsideTheRootIsServed() throws Exception {
        List<String> leaks = new CopyOnWriteArrayList<>();
        AtomicLong served = new AtomicLong();
        // most requests meet the folder away or swapped (404, 503): go on until enough manifests were served
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        FolderAccessWatch watch = FolderAccessWatch.start(base.resolve("outside"));
        long swaps = whileSwapping(client -> {
            for (int n = client; served.get() < MANIFESTS_SERVED && System.nanoTime() < deadline; n += CLIENTS) {
                int i = n % FILES;
                HttpResponse<String> r = get("/images/a/b/" + name(i) + "/manifest");
                if (r.statusCode() == 200) {
                    served.incrementAndGet();
                    if (!r.body().contains(insideSha256(i))) {
                        leaks.add(name(i));
                    }
                }
            }
        });
        // once the folder is back for good, the manifest describes the file inside
        assertThat(get("/images/a/b/" + name(5) + "/manifest").body()).contains(insideSha256(5));
        List<String> outsideAccess = watch.stop();
        List<String> touched = FolderAccessWatch.files(outsideAccess);
        List<String> written;
        try (var files = Files.list(base.resolve("outside"))) {
            written = files.map(f -> f.getFileName().toString()).filter(f -> !OUTSIDE_FILES.contains(f)).toList();
        }
        System.out.printf("symlink swap, manifests: %d swaps, %d served, %d of outside files, %d files left outside,"
                + " %d outside files touched (%d created)%n", swaps, served.get(), leaks.size(), written.size(),
                touched.size(), outsideAccess.stream().filter(e -> e.startsWith("CREATE")).count());
        assertThat(leaks).as("manifests of files outside the root").isEmpty();
        assertThat(swaps).as("the swap really ran during the requests").isGreaterThan(100);
        assertThat(written).as("files written outside the root").isEmpty();
        assertThat(outsideAccess).as("files outside the root opened, read or written").isEmpty();
    }

    static String insideSha256(int i) {
        return Hashes.sha256(content("inside", i).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@link #CLIENTS} request loops while the folder is swapped; the number of swaps made meanwhile. */
    static long whileSwapping(IntConsumer client) throws InterruptedException {
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicLong swaps = new AtomicLong();
        Thread swapper = new Thread(() -> swap(swapping, swaps), "swapper");
        swapper.start();
        try {
            CompletableFuture.allOf(IntStream.range(0, CLIENTS)
                    .mapToObj(c -> CompletableFuture.runAsync(() -> client.accept(c)))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            swapping.set(false);
            swapper.join(10_000);
        }
        return swaps.get();
    }

    static void pause(Duration d) {
        if (!d.isNegative()) {
            try {
                Thread.sleep(d.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Directory → symlink to the outside folder → directory, as fast as the file system allows. */
    static void swap(AtomicBoolean swapping, AtomicLong swaps) {
        Path dir = base.resolve("images/a/b");
        Path parked = base.resolve("images/a/.b-parked");
        Path outside = base.resolve("outside");
        try {
            while (swapping.get()) {
                Files.move(dir, parked);
                Files.createSymbolicLink(dir, outside);
                Thread.onSpinWait();
                Files.delete(dir);
                Files.move(parked, dir);
                swaps.incrementAndGet();
            }
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the swap lost track of its folders", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(ServerFixture.url(server, path)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
