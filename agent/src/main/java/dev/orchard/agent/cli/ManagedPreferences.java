package dev.orchard.agent.cli;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's managed preferences (docs/mdm.md, "Letting the agent in"): after an erase, the server sends the Mac,
 * through its MDM, a profile whose managed preferences for the domain {@code dev.orchard.agent} hold the server's
 * URL ({@code ServerURL}) and a one-time enrollment code for this Mac ({@code EnrollmentCode}). macOS writes them to
 * {@value #MAC_PATH}, in a folder only root can write; the agent, run as root by its package, reads them when it is
 * given no other credential. JDK only: an XML plist is read with the JDK's parser (no DTD fetched, no entities); a
 * binary one, as macOS may write it, is turned into XML by {@code /usr/bin/plutil} first (not tried here: no Mac).
 *
 * @param serverUrl      {@code ServerURL}
 * @param enrollmentCode {@code EnrollmentCode}
 */
public record ManagedPreferences(String serverUrl, String enrollmentCode) {

    public static final String MAC_PATH = "/Library/Managed Preferences/dev.orchard.agent.plist";

    /** Reads {@code file}; {@link UsageException} naming the file and what is wrong. */
    public static ManagedPreferences read(Path file) throws UsageException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("--managed-prefs: cannot read " + file + ": " + e.getMessage());
        }
        if (startsWith(bytes, "bplist")) {
            bytes = plutilToXml(file);
        }
        Map<String, String> values = topLevelStrings(bytes, file);
        String server = values.get("ServerURL");
        String code = values.get("EnrollmentCode");
        if (server == null || server.isBlank() || code == null || code.isBlank()) {
            throw new UsageException("--managed-prefs: " + file + " has no ServerURL or no EnrollmentCode (the"
                    + " server's enrollment profile sets both)");
        }
        return new ManagedPreferences(server.strip(), code.strip());
    }

    /** The string values of the plist's top-level dictionary, by key. */
    private static Map<String, String> topLevelStrings(byte[] xml, Path file) throws UsageException {
        Element dict;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Element plist = b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
            dict = firstElement(plist);
        } catch (Exception e) {
            throw new UsageException("--managed-prefs: " + file + " is not a property list: " + e.getMessage());
        }
        if (dict == null || !dict.getTagName().equals("dict")) {
            throw new UsageException("--managed-prefs: " + file + " does not hold a dictionary");
        }
        Map<String, String> out = new LinkedHashMap<>();
        NodeList children = dict.getChildNodes();
        String key = null;
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) {
                continue;
            }
            if (e.getTagName().equals("key")) {
                key = e.getTextContent();
            } else if (key != null) {
                if (e.getTagName().equals("string")) {
                    out.put(key, e.getTextContent());
                }
                key = null;
            }
        }
        return out;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static byte[] plutilToXml(Path file) throws UsageException {
        Path plutil = Path.of("/usr/bin/plutil");
        if (!Files.isExecutable(plutil)) {
            throw new UsageException("--managed-prefs: " + file + " is a binary property list and there is no "
                    + plutil + " to read it (macOS has one)");
        }
        try {
            Process p = new ProcessBuilder(plutil.toString(), "-convert", "xml1", "-o", "-", file.toString())
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UsageException("--managed-prefs: plutil could not read " + file);
            }
            return out;
        } catch (IOException e) {
            throw new UsageException("--managed-prefs: plutil: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("--managed-prefs: interrupted");
        }
    }

    private static boolean startsWith(byte[] b, String prefix) {
        if (b.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
