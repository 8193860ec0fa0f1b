package dev.orchard.http.files;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RequestPath#parse} on random and hostile URIs (encoded dots and separators, double encoding, NUL,
 * backslashes, control characters, overlong UTF-8, very long input): either {@link BadPathException} or
 * segments that cannot leave the folder they are resolved against.
 * <p>"Never contains {@code ..}" means no segment <em>is</em> {@code .} or {@code ..}: {@code a..b} is an
 * ordinary file name, and since no separator survives inside a segment, it cannot become a traversal.
 */
class RequestPathFuzzTest {

    private static final Path ROOT = Path.of("/srv/orchard/images");

    /** Pieces attackers and broken clients put in paths. */
    private static final List<String> PIECES = List.of("/", "/", "/", "..", ".", "%2e", "%2E", "%2e%2e", "%2E.",
            "%252e", "%252e%252e", "%25", "%", "%0", "%g1", "%00", "\u0000", "%2f", "%2F", "%5c", "%5C", "\\",
            "..\\", "%c0%ae", "%e0%80%ae", "%c0%af", "%ed%a0%80", "%ff", "%e2%28%a1", "%c3%a9", "%c2%85", "%c2%9b",
            "\u0085", "\u00e9", "\u202e", "%7f", "\u007f", "\u0001", "%0a", "%0d", "\r\n", "\t", " ", "%20", "?",
            "#", "%3f", "%23", ";", "~", "images", "a.img", "a", "manifest", "http://h", "HTTP://h:80", "//",
            "%2e%2e%2f", "..%2f", ".%2e", "\ud83d\udcbe", "\ud800");

    @Property(tries = 5000)
    void anyUriIsRefusedOrConfinedToTheRoot(@ForAll("uris") String uri) {
        RequestPath path;
        try {
            path = RequestPath.parse(uri);
        } catch (BadPathException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        for (String segment : path.segments()) {
            assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..")
                    .doesNotContain("/", "\\", "\u0000");
            assertThat(segment.chars().noneMatch(Character::isISOControl)).as("control character in [%s]", segment)
                    .isTrue();
        }
        Path resolved;
        try {
            resolved = ROOT.resolve(String.join("/", path.segments())).normalize();
        } catch (InvalidPathException unencodable) {
            return; // a lone surrogate: no file can have that name, FileResolver answers 404 (OpenFileCacheTest)
        }
        assertThat(resolved.startsWith(ROOT)).as("%s escapes the root", uri).isTrue();
        assertThat(resolved.getNameCount()).isEqualTo(ROOT.getNameCount() + path.segments().size());
    }

    @Property(tries = 2000)
    void percentEncodedNamesDecodeToThemselves(@ForAll("names") List<String> names, @ForAll boolean upper)
            throws Exception {
        StringBuilder uri = new StringBuilder();
        for (String name : names) {
            uri.append('/').append(encode(name, upper));
        }
        assertThat(RequestPath.parse(uri.toString()).segments()).isEqualTo(names);
    }

    @Property(tries = 1000)
    void decodingHappensOnceSoADoubleEncodedDotStaysText(@ForAll("names") List<String> names) throws Exception {
        String once = encode(names.get(0), false);
        String twice = once.replace("%", "%25");
        assertThat(RequestPath.parse("/" + twice).segments()).containsExactly(once);
        assertThat(RequestPath.parse("/%252e%252e/" + twice).segments()).containsExactly("%2e%2e", once);
    }

    @Property(tries = 2000)
    void everySpellingOfADotSegmentIsRefused(@ForAll("dots") String dotSegment, @ForAll("names") List<String> names,
                                             @ForAll @IntRange(min = 0, max = 3) int at) {
        StringBuilder uri = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i == Math.min(at, names.size() - 1)) {
                uri.append('/').append(dotSegment);
            }
            uri.append('/').append(encode(names.get(i), false));
        }
        assertThatThrownBy(() -> RequestPath.parse(uri.toString())).isInstanceOf(BadPathException.class);
    }

    @Property(tries = 50)
    void veryLongInputIsHandled(@ForAll("uris") String uri, @ForAll @IntRange(min = 200, max = 4000) int times) {
        anyUriIsRefusedOrConfinedToTheRoot(uri.repeat(times));
    }

    /** Every UTF-8 byte as {@code %XX}. */
    private static String encode(String name, boolean upper) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            String hex = String.format("%%%02x", b & 0xff);
            out.append(upper ? hex.toUpperCase(Locale.ROOT) : hex);
        }
        return out.toString();
    }

    @Provide
    Arbitrary<String> uris() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(30).map(l -> String.join("", l));
        Arbitrary<String> rooted = pieces.map(s -> "/" + s);
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> randomRooted = Arbitraries.strings().withChars("/.%2eEfF5c0\\a?#").ofMaxLength(60)
                .map(s -> "/" + s);
        return Arbitraries.oneOf(rooted, rooted, pieces, random, randomRooted);
    }

    /** Names a file may have: not empty, not a dot segment, no separator, no control character. */
    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> name = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals("..") && s.chars().noneMatch(c -> c == '/' || c == '\\'
                        || Character.isISOControl(c) || Character.isSurrogate((char) c)));
        return name.list().ofMinSize(1).ofMaxSize(5);
    }

    /** {@code .} and {@code ..} with each dot raw or encoded. */
    @Provide
    Arbitrary<String> dots() {
        Arbitrary<String> dot = Arbitraries.of(".", "%2e", "%2E");
        return Combinators.combine(dot, dot, Arbitraries.of(true, false)).as((a, b, two) -> two ? a + b : a);
    }
}
