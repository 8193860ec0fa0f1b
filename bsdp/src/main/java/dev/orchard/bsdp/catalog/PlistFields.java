package dev.orchard.bsdp.catalog;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed, strict reads of NBImageInfo.plist keys. A key of the wrong type is an ERROR that names the key,
 * the expected type and what was found; the read then behaves as if the key were absent so that every
 * problem of a bundle is reported in one pass.
 */
final class PlistFields {

    private final NSDictionary dict;
    private final Path bundle;
    private final List<CatalogProblem> problems;

    PlistFields(NSDictionary dict, Path bundle, List<CatalogProblem> problems) {
        this.dict = dict;
        this.bundle = bundle;
        this.problems = problems;
    }

    boolean has(String key) {
        return dict.containsKey(key);
    }

    Optional<String> string(String key) {
        NSObject o = dict.objectForKey(key);
        if (o == null) {
            return Optional.empty();
        }
        if (o instanceof NSString s) {
            return Optional.of(s.getContent());
        }
        return wrongType(key, "a string", o);
    }

    Optional<Long> integer(String key) {
        NSObject o = dict.objectForKey(key);
        if (o == null) {
            return Optional.empty();
        }
        if (o instanceof NSNumber n && n.isInteger()) {
            return Optional.of(n.longValue());
        }
        return wrongType(key, "an integer", o);
    }

    Optional<Boolean> bool(String key) {
        NSObject o = dict.objectForKey(key);
        if (o == null) {
            return Optional.empty();
        }
        if (o instanceof NSNumber n && n.isBoolean()) {
            return Optional.of(n.boolValue());
        }
        return wrongType(key, "a boolean (<true/> or <false/>)", o);
    }

    /** An array of strings; an element of another type is reported with its position. */
    Optional<List<String>> strings(String key) {
        NSObject o = dict.objectForKey(key);
        if (o == null) {
            return Optional.empty();
        }
        if (!(o instanceof NSArray array)) {
            return wrongType(key, "an array of strings", o);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.count(); i++) {
            NSObject e = array.objectAtIndex(i);
            if (e instanceof NSString s) {
                out.add(s.getContent());
            } else {
                error(key, "element " + i + " must be a string, found " + describe(e));
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    void error(String key, String message) {
        problems.add(new CatalogProblem(CatalogProblem.Severity.ERROR, bundle, key, message));
    }

    void warn(String key, String message) {
        problems.add(new CatalogProblem(CatalogProblem.Severity.WARNING, bundle, key, message));
    }

    private <T> Optional<T> wrongType(String key, String expected, NSObject found) {
        error(key, "must be " + expected + ", found " + describe(found));
        return Optional.empty();
    }

    static String describe(NSObject o) {
        if (o instanceof NSString s) {
            return "the string \"" + s.getContent() + "\"";
        }
        if (o instanceof NSNumber n) {
            return n.isBoolean() ? "the boolean " + n.boolValue()
                    : n.isInteger() ? "the integer " + n.longValue() : "the real " + n.doubleValue();
        }
        if (o instanceof NSArray) {
            return "an array";
        }
        if (o instanceof NSDictionary) {
            return "a dictionary";
        }
        return "a " + o.getClass().getSimpleName().replace("NS", "").toLowerCase(java.util.Locale.ROOT);
    }
}
