package dev.orchard.tftp.codec;

/** ACK (RFC 1350 §5) of a 16-bit wire block number; block 0 acknowledges an OACK (RFC 2347). */
public record Ack(int block) implements TftpPacket {

    public Ack {
        if (block < 0 || block > 0xFFFF) {
            throw new IllegalArgumentException("block number out of 0..65535: " + block);
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.ACK;
    }
}
