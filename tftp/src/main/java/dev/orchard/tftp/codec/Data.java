package dev.orchard.tftp.codec;

import java.util.Arrays;

/**
 * DATA (RFC 1350 §5): a 16-bit wire block number and 0..65464 payload octets (RFC 2348). The hot paths
 * of server and client do not build this record; they use {@link TftpEncoder#writeDataHeader} and
 * {@link TftpDecoder#dataBlock} on the buffers directly.
 */
public record Data(int block, byte[] payload) implements TftpPacket {

    /** Largest payload any negotiated blksize allows (RFC 2348). */
    public static final int MAX_PAYLOAD = 65464;

    public Data {
        if (block < 0 || block > 0xFFFF) {
            throw new IllegalArgumentException("block number out of 0..65535: " + block);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload longer than " + MAX_PAYLOAD + ": " + payload.length);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying. */
    public int length() {
        return payload.length;
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && d.block == block && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * block + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Data[block=" + block + ", length=" + payload.length + "]";
    }
}
