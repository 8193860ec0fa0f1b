package dev.orchard.http.files;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenFileCacheTest {

    @TempDir
    Path root;

    @Test
    void sharesOneDescriptorWhileFreshAndClosesItWithTheLastHolder() throws Exception {
        Hashes.randomFile(root.resolve("a.img"), 10_000, 1);
        try (OpenFileCache cache = new OpenFileCache(Duration.ofSeconds(30), 8)) {
            assertThat(cache.fresh(root, List.of("a.img"))).as("nothing cached yet").isNull();
            OpenedFile first = ((FileLookup.Found) cache.open(root, List.of("a.img"))).file();
            OpenedFile second = cache.fresh(root, List.of("a.img"));
            assertThat(second).isNotNull();
            assertThat(second.channel()).isSameAs(first.channel());
            assertThat(second.resident(0, 10_000)).as("just written, so cached").isTrue();
            first.close();
            first.close(); // idempotent
            assertThat(second.channel().isOpen()).isTrue();
            cache.close();
            assertThat(second.channel().isOpen()).as("the response still holds it").isTrue();
            second.close();
            assertThat(second.channel().isOpen()).isFalse();
        }
    }

    @Test
    void revalidationNoticesAnAtomicReplacement() throws Exception {
        Hashes.randomFile(root.resolve("b.img"), 10_000, 1);
        try (OpenFileCache cache = new OpenFileCache(Duration.ZERO, 8)) {
            OpenedFile old = ((FileLookup.Found) cache.open(root, List.of("b.img"))).file();
            assertThat(cache.fresh(root, List.of("b.img"))).as("validity 0: always revalidate").isNull();
            OpenedFile same = ((FileLookup.Found) cache.open(root, List.of("b.img"))).file();
            assertThat(same.channel()).as("unchanged: the same descriptor").isSameAs(old.channel());
            Files.move(Hashes.randomFile(root.resolve("new.tmp"), 5_000, 2), root.resolve("b.img"),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            OpenedFile replaced = ((FileLookup.Found) cache.open(root, List.of("b.img"))).file();
            assertThat(replaced.version().length()).isEqualTo(5_000);
            assertThat(replaced.version().etag()).isNotEqualTo(old.version().etag());
            assertThat(old.channel().size()).as("the old descriptor still reads the old inode").isEqualTo(10_000);
            Files.delete(root.resolve("b.img"));
            assertThat(cache.open(root, List.of("b.img"))).isInstanceOf(FileLookup.NotFound.class);
            old.close();
            same.close();
            replaced.close();
            assertThat(replaced.channel().isOpen()).isFalse();
        }
    }
}
