package dev.orchard.bsdp.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One DHCP option as it travels (RFC 2132 §2): a code 1..254 and up to 255 bytes of data. The pad (0)
 * and end (255) markers are framing, not options; the codec skips and writes them itself. Immutable: the
 * data is copied in and out.
 *
 * @param code option code, 1..254
 * @param data option payload, at most 255 bytes
 */
public record DhcpOption(int code, byte[] data) {

    public static final int PAD = 0;
    public static final int ROOT_PATH = 17;
    public static final int VENDOR_SPECIFIC = 43;
    public static final int REQUESTED_IP = 50;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int VENDOR_CLASS_IDENTIFIER = 60;
    public static final int END = 255;

    /** RFC 2132 §2: the length octet limits every option to 255 bytes of data. */
    public static final int MAX_DATA = 255;

    public DhcpOption {
        if (code <= PAD || code >= END) {
            throw new IllegalArgumentException("option code must be 1..254, was " + code);
        }
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("option " + code + " carries " + data.length + " bytes; at most 255");
        }
        data = data.clone();
    }

    public static DhcpOption of(int code, int... unsignedBytes) {
        byte[] b = new byte[unsignedBytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) unsignedBytes[i];
        }
        return new DhcpOption(code, b);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    /** Unsigned byte {@code i} of the payload; no copy. */
    public int byteAt(int i) {
        return data[i] & 0xFF;
    }

    /** Copies the payload into {@code dst} at {@code offset}; no intermediate array. */
    void copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOption other && other.code == code && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DhcpOption[" + code + "=" + HexFormat.of().formatHex(data) + "]";
    }
}
