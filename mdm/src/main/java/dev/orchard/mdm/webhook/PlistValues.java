package dev.orchard.mdm.webhook;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSSet;
import com.dd.plist.NSString;
import com.dd.plist.XMLPropertyListParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device's XML plist (check-in message or command report) as plain Java values, so nothing past this
 * package sees dd-plist. dd-plist's XML reader does not fetch DTDs or external entities.
 */
final class PlistValues {

    /** Deeper nesting than any MDM report has is refused rather than recursed into. */
    private static final int MAX_DEPTH = 32;

    private PlistValues() {
    }

    /** The top-level dictionary of an XML plist; {@link IllegalArgumentException} with the reason otherwise. */
    static Map<String, Object> dictionary(byte[] xml) {
        NSObject root;
        try {
            root = XMLPropertyListParser.parse(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("raw_payload is not an XML plist (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (!(root instanceof NSDictionary d)) {
            throw new IllegalArgumentException("raw_payload is a plist but not a dictionary");
        }
        return map(d, 0);
    }

    private static Map<String, Object> map(NSDictionary d, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, NSObject> e : d.entrySet()) {
            Object v = value(e.getValue(), depth + 1);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static Object value(NSObject o, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("raw_payload nests deeper than " + MAX_DEPTH + " levels");
        }
        if (o instanceof NSString s) {
            return s.getContent();
        }
        if (o instanceof NSNumber n) {
            return switch (n.type()) {
                case NSNumber.BOOLEAN -> n.boolValue();
                case NSNumber.INTEGER -> n.longValue();
                default -> n.doubleValue();
            };
        }
        if (o instanceof NSData d) {
            return d.bytes();
        }
        if (o instanceof NSDate d) {
            return d.getDate().toInstant();
        }
        if (o instanceof NSDictionary d) {
            return map(d, depth);
        }
        if (o instanceof NSArray a) {
            return list(a.getArray(), depth);
        }
        if (o instanceof NSSet s) {
            return list(s.allObjects(), depth);
        }
        return null; // NSNull, UID: not in MDM plists
    }

    private static List<Object> list(NSObject[] items, int depth) {
        List<Object> out = new ArrayList<>();
        for (NSObject x : items) {
            Object v = value(x, depth + 1);
            if (v != null) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }
}
