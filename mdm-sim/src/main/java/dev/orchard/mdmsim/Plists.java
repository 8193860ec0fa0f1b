package dev.orchard.mdmsim;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.XMLPropertyListParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plists both ways for the stub: commands it receives, reports and check-ins its Macs send. */
final class Plists {

    private Plists() {
    }

    /** The top-level dictionary of an XML plist, as plain values; {@link IllegalArgumentException} otherwise. */
    static Map<String, Object> read(byte[] xml) {
        NSObject root;
        try {
            root = XMLPropertyListParser.parse(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (!(root instanceof NSDictionary d)) {
            throw new IllegalArgumentException("not a dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) plain(d);
        return m;
    }

    static byte[] write(Map<String, ?> dictionary) {
        return ((NSDictionary) ns(dictionary)).toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    private static Object plain(NSObject o) {
        if (o instanceof NSDictionary d) {
            Map<String, Object> m = new LinkedHashMap<>();
            d.forEach((k, v) -> m.put(k, plain(v)));
            return m;
        }
        if (o instanceof NSArray a) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : a.getArray()) {
                l.add(plain(x));
            }
            return l;
        }
        if (o instanceof NSNumber n) {
            return n.type() == NSNumber.BOOLEAN ? (Object) n.boolValue()
                    : n.type() == NSNumber.INTEGER ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (o instanceof NSData d) {
            return d.bytes();
        }
        if (o instanceof NSString s) {
            return s.getContent();
        }
        return String.valueOf(o.toJavaObject());
    }

    private static NSObject ns(Object v) {
        if (v instanceof Map<?, ?> m) {
            NSDictionary d = new NSDictionary();
            m.forEach((k, x) -> d.put((String) k, ns(x)));
            return d;
        }
        if (v instanceof List<?> l) {
            NSArray a = new NSArray(l.size());
            for (int i = 0; i < l.size(); i++) {
                a.setValue(i, ns(l.get(i)));
            }
            return a;
        }
        if (v instanceof byte[] b) {
            return new NSData(b);
        }
        if (v instanceof Boolean b) {
            return new NSNumber(b);
        }
        if (v instanceof Integer i) {
            return new NSNumber(i);
        }
        if (v instanceof Long l) {
            return new NSNumber(l);
        }
        return new NSString(String.valueOf(v));
    }
}
