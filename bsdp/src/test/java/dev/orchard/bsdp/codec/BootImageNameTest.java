package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image names at and around the wire limit: any name is accepted and sent cut to
 * {@code BSDP_IMAGE_NAME_MAX} = 246 bytes at a character boundary (Apple converts the plist's Name with
 * {@code CFStringGetBytes} into a 246-byte buffer, which stops before a character that does not fit),
 * and the ACK[LIST] carrying it encodes and decodes.
 */
class BootImageNameTest {

    private static final BootImageId ID = new BootImageId(0x81000007);

    @ParameterizedTest(name = "{0} ASCII bytes")
    @ValueSource(ints = {1, 245, 246, 247, 255, 256, 300, 1000})
    void asciiNamesOfAnyLengthAreSentCutTo246Bytes(int length) throws Exception {
        String name = "n".repeat(length);
        BootImage image = new BootImage(ID, name);
        int sent = Math.min(length, BootImage.NAME_MAX);
        assertThat(image.wireName()).hasSize(sent);
        assertThat(image.wireLength()).isEqualTo(5 + sent);
        assertThat(sentName(image)).isEqualTo(name.substring(0, sent));
    }

    /**
     * A {@code width}-byte character starting {@code before} bytes before the 246-byte cut: when it does
     * not fit whole it is left out, never split; when it ends exactly at the cut it is kept.
     */
    @ParameterizedTest(name = "{1}-byte character starting {2} bytes before the cut")
    @CsvSource({
            "é, 2, 1", "é, 2, 2",
            "€, 3, 1", "€, 3, 2", "€, 3, 3",
            "\uD83C\uDF4E, 4, 1", "\uD83C\uDF4E, 4, 2", "\uD83C\uDF4E, 4, 3", "\uD83C\uDF4E, 4, 4",
    })
    void multiByteCharactersAreNeverSplit(String character, int width, int before) throws Exception {
        assertThat(character.getBytes(StandardCharsets.UTF_8)).hasSize(width);
        String head = "a".repeat(BootImage.NAME_MAX - before);
        // long enough to be over the 255-byte option limit as well
        String name = head + character + character.repeat(20);
        assertThat(Utf8.length(name)).isGreaterThan(255);
        BootImage image = new BootImage(ID, name);
        boolean fits = before >= width;
        String expected = fits ? head + character : head;
        assertThat(image.wireName()).hasSize(Utf8.length(expected));
        assertThat(strictUtf8(image.wireName())).isEqualTo(expected);
        assertThat(sentName(image)).isEqualTo(expected);
    }

    @Test
    void aNameOfOnlyFourByteCharactersIsCutToTheLastWholeOne() throws Exception {
        String name = "\uD83C\uDF4E".repeat(70); // 280 bytes
        BootImage image = new BootImage(ID, name);
        assertThat(image.wireName()).hasSize(244); // 61 whole characters; 248 would not fit
        assertThat(strictUtf8(image.wireName())).isEqualTo("\uD83C\uDF4E".repeat(61));
    }

    /** The whole ACK[LIST] as the server builds it, with a long name beside a short one, read back. */
    private static String sentName(BootImage image) {
        DhcpPacket request = DhcpPacketCodec.decode(DhcpPacketCodec.encode(BsdpInforms.list(1,
                new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"), Ipv4.parse("10.0.0.20"), "i386",
                        "iMac14,3"), OptionalInt.empty(), List.of())));
        BootImage other = new BootImage(new BootImageId(0x01000001), "short");
        BsdpAcks.ListAck ack = BsdpAcks.list(request, Ipv4.parse("10.0.0.5"), 0x8000, ID, Optional.empty(),
                List.of(image, other), 1472);
        assertThat(ack.layout().truncated()).isFalse();
        DhcpPacket back = DhcpPacketCodec.decode(DhcpPacketCodec.encode(ack.packet()));
        List<BootImage> list = BsdpOptionsCodec.decode(back.allOptions(DhcpOption.VENDOR_SPECIFIC)).imageList();
        assertThat(list).hasSize(2);
        assertThat(list.get(1)).isEqualTo(other);
        assertThat(list.get(0).id()).isEqualTo(ID);
        return list.get(0).name();
    }

    private static String strictUtf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    }
}
