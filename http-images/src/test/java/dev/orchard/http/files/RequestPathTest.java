package dev.orchard.http.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/x", "/a/..%2fetc/passwd", "/a/%2f..",
            "/images/%00", "/images/a%00b", "/images/a\\..\\b", "/images/..\\x", "/a/%5c..%5cx", "/./x", "/%2e/x",
            "/a/%", "/a/%g1", "/a/%e2%28%a1", "relative", "/a/\u0001b", "/a/%7f", "/a/%c2%85", "/a/x%c2%9b[2J",
    })
    void refusesTraversalAndControlCharacters(String uri) {
        assertThatThrownBy(() -> RequestPath.parse(uri)).isInstanceOf(BadPathException.class);
    }

    @Test
    void decodesOnceSoDoubleEncodingStaysLiteral() throws Exception {
        assertThat(RequestPath.parse("/%252e%252e/x").segments()).containsExactly("%2e%2e", "x");
    }

    @Test
    void splitsCleanSegmentsAndDropsQueryAndEmptySegments() throws Exception {
        assertThat(RequestPath.parse("/images//lab%20base.img?x=1#f").segments())
                .containsExactly("images", "lab base.img");
        assertThat(RequestPath.parse("/").segments()).isEmpty();
        assertThat(RequestPath.parse("/caf%C3%A9").segments()).containsExactly("café");
    }

    @Test
    void mountsMatchTheLongestPrefix() throws Exception {
        MountTable t = new MountTable(List.of(
                Mount.of("/", java.nio.file.Path.of("/srv/all"), MountKind.FILES),
                Mount.of("/images", java.nio.file.Path.of("/srv/img"), MountKind.IMAGES)));
        MountTable.Match m = t.match(RequestPath.parse("/images/a/b.img")).orElseThrow();
        assertThat(m.mount().kind()).isEqualTo(MountKind.IMAGES);
        assertThat(m.relative()).containsExactly("a", "b.img");
        assertThat(t.match(RequestPath.parse("/imagesx/y")).orElseThrow().mount().kind()).isEqualTo(MountKind.FILES);
    }
}
