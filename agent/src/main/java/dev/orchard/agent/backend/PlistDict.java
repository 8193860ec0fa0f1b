package dev.orchard.agent.backend;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level dictionary of an XML property list (the output of {@code diskutil info -plist}), as text
 * values: strings, integers, reals and booleans; nested arrays and dictionaries are left out. The DTD
 * Apple's plists reference is never fetched.
 */
final class PlistDict {

    private PlistDict() {
    }

    static Map<String, String> parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Element dict = firstChildElement(doc.getDocumentElement(), "dict");
            Map<String, String> values = new LinkedHashMap<>();
            if (dict == null) {
                return values;
            }
            String key = null;
            for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element e)) {
                    continue;
                }
                if (e.getTagName().equals("key")) {
                    key = e.getTextContent();
                    continue;
                }
                if (key != null) {
                    switch (e.getTagName()) {
                        case "string", "integer", "real" -> values.put(key, e.getTextContent());
                        case "true", "false" -> values.put(key, e.getTagName());
                        default -> { }
                    }
                }
                key = null;
            }
            return values;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a property list: " + e.getMessage(), e);
        }
    }

    private static Element firstChildElement(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }
}
