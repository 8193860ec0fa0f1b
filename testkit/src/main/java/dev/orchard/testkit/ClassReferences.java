package dev.orchard.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one compiled class refers to, read from its constant pool (JVMS §4.4): class entries,
 * and every type named in a field or method descriptor or a generic signature (JVMS §4.3, §4.7.9). This
 * is what {@code jdeps} reads too; Java 17 has no class-file API, and the constant pool is all we need.
 */
final class ClassReferences {

    /** A type inside a descriptor or signature: {@code Ldev/orchard/x/Y;} or {@code Ldev/orchard/x/Y<...>}. */
    private static final Pattern DESCRIBED_TYPE = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    private ClassReferences() {
    }

    /** This class's binary name and the binary names it refers to (slashes as in the class file). */
    record Read(String name, Set<String> references) {
    }

    static Read read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        data.readUnsignedShort(); // minor
        data.readUnsignedShort(); // major
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count]; // slot of a Class entry -> slot of its name
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = data.readUTF(); // u2 length + modified UTF-8, exactly readUTF's format
                case 7 -> classNameIndex[i] = data.readUnsignedShort();
                case 8, 16, 19, 20 -> data.skipBytes(2); // String, MethodType, Module, Package
                case 15 -> data.skipBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                case 5, 6 -> { // Long, Double take two slots
                    data.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        data.readUnsignedShort(); // access flags
        String self = utf8[classNameIndex[data.readUnsignedShort()]];
        Set<String> refs = new LinkedHashSet<>();
        for (int index : classNameIndex) {
            if (index == 0) {
                continue;
            }
            String name = utf8[index];
            if (name.startsWith("[")) {
                addDescribed(name, refs); // array class: its element type is in descriptor form
            } else {
                refs.add(name);
            }
        }
        for (String s : utf8) {
            if (s != null && s.indexOf('L') >= 0) {
                addDescribed(s, refs);
            }
        }
        refs.remove(self);
        return new Read(self, refs);
    }

    private static void addDescribed(String text, Set<String> refs) {
        Matcher m = DESCRIBED_TYPE.matcher(text);
        while (m.find()) {
            refs.add(m.group(1));
        }
    }
}
