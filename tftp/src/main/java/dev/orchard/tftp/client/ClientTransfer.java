package dev.orchard.tftp.client;

import dev.orchard.tftp.codec.ErrorPacket;
import dev.orchard.tftp.codec.MalformedPacketException;
import dev.orchard.tftp.codec.NetasciiDecoder;
import dev.orchard.tftp.codec.Opcode;
import dev.orchard.tftp.codec.OptionAck;
import dev.orchard.tftp.codec.ReadRequest;
import dev.orchard.tftp.codec.TftpDecoder;
import dev.orchard.tftp.codec.TftpEncoder;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpOptions;
import dev.orchard.tftp.codec.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import dev.orchard.tftp.transport.RetransmitTimer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fetch on its own channel and port. Receives windows (RFC 7440): ACKs the last block of each window,
 * and on a gap ACKs the last block received in order, once. Retransmits the request or the last ACK only
 * on its timer, with exponential backoff. Locks onto the first answering port (RFC 1350 §4) and answers
 * any other with ERROR 5. Dallies after the final ACK to re-acknowledge a repeated last block (§6).
 */
final class ClientTransfer extends ChannelInboundHandlerAdapter {

    private static final int MAX_STRAY_REPLIES = 8;
    private static final long MAX_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(16);

    private final FetchRequest request;
    private final CompletableFuture<TransferResult> result;
    private final NetasciiDecoder netascii;
    private Channel channel;
    private InetSocketAddress tid;
    private int blockSize = 512;
    private int windowSize = 1;
    private long announcedSize = -1;
    private boolean optionsAgreed;
    private long received;
    private long ackedUpTo;
    private boolean gapAcked;
    private boolean reAcked;
    private long bytes;
    private int retransmits;
    private int retries;
    private RetransmitTimer timer;
    private long startNanos;
    private boolean done;
    private int strayReplies;

    ClientTransfer(FetchRequest request, CompletableFuture<TransferResult> result) {
        this.request = request;
        this.result = result;
        this.netascii = request.netascii() ? new NetasciiDecoder() : null;
    }

    void start(Channel bound) {
        channel = bound;
        startNanos = System.nanoTime();
        long first = request.retransmitTimeout().toNanos();
        timer = new RetransmitTimer(channel.eventLoop(), first, Math.max(first, MAX_TIMEOUT_NANOS), this::onTimeout);
        sendRequest();
    }

    private void sendRequest() {
        Map<String, String> options = new LinkedHashMap<>();
        if (request.blockSize() > 0) {
            options.put(TftpOptions.BLKSIZE, Integer.toString(request.blockSize()));
        }
        if (request.windowSize() > 0) {
            options.put(TftpOptions.WINDOWSIZE, Integer.toString(request.windowSize()));
        }
        if (request.timeoutSeconds() > 0) {
            options.put(TftpOptions.TIMEOUT, Integer.toString(request.timeoutSeconds()));
        }
        if (request.transferSize()) {
            options.put(TftpOptions.TSIZE, "0");
        }
        ReadRequest rrq = new ReadRequest(request.filename(), request.netascii() ? "netascii" : "octet",
                new TftpOptions(options));
        channel.writeAndFlush(new DatagramPacket(TftpEncoder.encode(rrq, channel.alloc()), request.server()),
                channel.voidPromise());
        timer.arm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            receive(packet.sender(), packet.content());
        } catch (IOException | RuntimeException e) {
            fail(new TftpTransferException("fetch of " + request.filename() + " failed: " + e, e));
        } finally {
            packet.release();
        }
    }

    private void receive(InetSocketAddress sender, ByteBuf content) throws IOException {
        if (tid == null && sender.getAddress().equals(request.server().getAddress())) {
            tid = sender;
        }
        if (!sender.equals(tid)) {
            if (strayReplies++ < MAX_STRAY_REPLIES) {
                send(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"), sender);
            }
            return;
        }
        int opcode = TftpDecoder.opcode(content);
        if (opcode == Opcode.DATA.code() && content.readableBytes() >= 4) {
            if (!done) {
                onData(TftpDecoder.dataBlock(content), content.skipBytes(4));
            } else if (TftpDecoder.dataBlock(content) == request.numbering().wire(received)) {
                ack(received); // dallying: our final ACK was lost, the server repeats the last block
            }
            return;
        }
        if (done) {
            return;
        }
        TftpPacket decoded;
        try {
            decoded = TftpDecoder.decode(content);
        } catch (MalformedPacketException e) {
            return; // lenient: garbage from the server's port is ignored; the timer keeps us going
        }
        if (decoded instanceof OptionAck oack) {
            onOack(oack);
        } else if (decoded instanceof ErrorPacket error) {
            fail(new TftpTransferException("server refused " + request.filename() + ": ERROR " + error.code()
                    + " " + error.message(), error.code()));
        }
    }

    private void onOack(OptionAck oack) {
        if (received > 0) {
            return;
        }
        if (optionsAgreed) {
            ack(0); // our ACK 0 was lost and the server repeated its OACK
            return;
        }
        OackCheck.Agreed agreed = OackCheck.check(request, oack.options());
        if (agreed.problem() != null) {
            send(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, agreed.problem()), tid);
            fail(new TftpTransferException(agreed.problem(), (TftpErrorCode) null));
            return;
        }
        optionsAgreed = true;
        blockSize = agreed.blockSize();
        windowSize = agreed.windowSize();
        announcedSize = agreed.tsize();
        progress();
        ack(0);
    }

    private void onData(int wire, ByteBuf payload) throws IOException {
        long expected = received + 1;
        if (wire != request.numbering().wire(expected)) {
            if (request.numbering().unwrap(wire, expected, expected + 0x7FFF) >= 0) {
                // a gap: RFC 7440 §4, ACK the last block received in order, once per gap
                if (!gapAcked) {
                    gapAcked = true;
                    ack(received);
                }
            } else if (!reAcked) {
                // the server repeats blocks we have: our ACK was lost; say where we are, once
                reAcked = true;
                ack(received);
            }
            return;
        }
        int length = payload.readableBytes();
        if (length > blockSize) {
            throw new TftpTransferException("DATA of " + length + " octets exceeds blksize " + blockSize,
                    (TftpErrorCode) null);
        }
        write(payload);
        received = expected;
        progress();
        if (length < blockSize) {
            finish();
        } else if (received - ackedUpTo >= windowSize) {
            ack(received);
        }
    }

    private void write(ByteBuf payload) throws IOException {
        if (netascii == null) {
            bytes += payload.readableBytes();
            request.sink().write(payload);
            return;
        }
        byte[] raw = new byte[payload.readableBytes()];
        payload.readBytes(raw);
        ByteArrayOutputStream local = new ByteArrayOutputStream(raw.length);
        netascii.decode(raw, 0, raw.length, local);
        bytes += local.size();
        request.sink().write(Unpooled.wrappedBuffer(local.toByteArray()));
    }

    private void finish() throws IOException {
        ack(received);
        done = true;
        if (netascii != null) {
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            netascii.finish(tail);
            bytes += tail.size();
            request.sink().write(Unpooled.wrappedBuffer(tail.toByteArray()));
        }
        if (announcedSize >= 0 && netascii == null && bytes != announcedSize) {
            fail(new TftpTransferException("received " + bytes + " octets but tsize announced " + announcedSize,
                    (TftpErrorCode) null));
            return;
        }
        request.sink().finish();
        result.complete(new TransferResult(bytes, Duration.ofNanos(System.nanoTime() - startNanos), retransmits,
                announcedSize, blockSize, windowSize));
        // Dally (RFC 1350 §6): stay a while to re-ACK a repeated last block, then let the port go.
        timer.stop();
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, Math.min(timer.timeoutNanos() * 2, TimeUnit.SECONDS.toNanos(2)), TimeUnit.NANOSECONDS);
    }

    private void progress() {
        retries = 0;
        gapAcked = false;
        reAcked = false;
        timer.reset();
        timer.arm();
    }

    private void ack(long block) {
        ackedUpTo = block;
        channel.writeAndFlush(new DatagramPacket(TftpEncoder.ack(request.numbering().wire(block), channel.alloc()),
                tid), channel.voidPromise());
    }

    private void send(TftpPacket packet, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(TftpEncoder.encode(packet, channel.alloc()), to),
                channel.voidPromise());
    }

    private void onTimeout() {
        if (done) {
            return;
        }
        if (++retries > request.maxRetries()) {
            fail(new TftpTransferException("no answer from " + request.server() + " for " + request.filename()
                    + " after " + request.maxRetries() + " retries", (TftpErrorCode) null));
            return;
        }
        retransmits++;
        timer.backOff();
        gapAcked = false;
        reAcked = false;
        if (tid == null) {
            sendRequest();
            return;
        }
        ack(received);
        timer.arm();
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        if (timer != null) {
            timer.stop();
        }
        request.sink().abort();
        result.completeExceptionally(cause);
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new TftpTransferException("client closed before " + request.filename() + " arrived",
                (TftpErrorCode) null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // UDP send errors are transient; the timer decides.
    }
}
