package dev.orchard.http.server;

import dev.orchard.testkit.Peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every file opened, read, written, created or renamed into one folder while the watch runs, by any process and
 * through any path (a symlink to the folder included), as inotify(7) reports it: {@code watch_folder.py} run by
 * the system python. A stat is not reported, so this counts the files whose bytes were touched, not the names
 * looked at.
 */
final class FolderAccessWatch implements AutoCloseable {

    private final Process process;
    private final CompletableFuture<List<String>> events;

    private FolderAccessWatch(Process process, CompletableFuture<List<String>> events) {
        this.process = process;
        this.events = events;
    }

    /** Starts watching and returns once the watch is in place; skips the test when python3 is missing. */
    static FolderAccessWatch start(Path folder) throws IOException {
        Path python = Peers.require(Peers.SYSTEM_PYTHON);
        Process p = new ProcessBuilder(python.toString(), script().toString(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IllegalStateException("watch_folder.py did not start: " + first);
        }
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return lines;
        });
        return new FolderAccessWatch(p, events);
    }

    private static Path script() {
        try {
            return Path.of(FolderAccessWatch.class.getResource("/inotify/watch_folder.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the watch and returns its events ("OPEN f0001", "CREATE f0001.manifest.json", ...). */
    List<String> stop() throws Exception {
        process.getOutputStream().close(); // the script drains what is queued, then exits
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("watch_folder.py did not stop");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("watch_folder.py failed: exit " + process.exitValue());
        }
        return events.get(30, TimeUnit.SECONDS);
    }

    /** The distinct files the events name. */
    static List<String> files(List<String> events) {
        return events.stream().map(e -> e.substring(e.indexOf(' ') + 1)).distinct().sorted().toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
