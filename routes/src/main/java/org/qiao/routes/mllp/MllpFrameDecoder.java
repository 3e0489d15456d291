package org.qiao.routes.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MLLP framing (VT … FS CR) with a size limit.
 * <ul>
 *   <li>White space between frames is tolerated; any other byte outside a frame is a framing error:
 *       it is reported and the connection is closed.</li>
 *   <li>A frame over the limit is read to its end but not kept: an {@link OversizedFrame} carrying its
 *       head goes up instead, so the sender gets an AR and the connection stays usable.</li>
 *   <li>A start block inside a frame starts the frame anew (the sender gave up on the previous one).</li>
 *   <li>A frame not finished within the frame timeout is a slow or stuck sender: reported, connection closed.
 *       Idle connections between frames stay open, as interface engines expect.</li>
 *   <li>Connections above the limit are closed at once.</li>
 * </ul>
 */
class MllpFrameDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(MllpFrameDecoder.class);
    static final byte VT = 0x0b;
    static final byte FS = 0x1c;
    static final byte CR = 0x0d;
    private static final int HEAD = 4096;

    private final int maxFrameBytes;
    private final FramingErrorListener listener;
    private final Duration frameTimeout;
    private final AtomicInteger connections;
    private final int maxConnections;
    private boolean counted;
    private long frameNumber;
    /** The open frame's timeout, cancelled when it completes: left pending, 30 s of them piled up in the heap. */
    private java.util.concurrent.ScheduledFuture<?> frameTimer;
    private boolean inFrame;
    private boolean sawFs;
    private long length;
    private ByteArrayOutputStream frame = new ByteArrayOutputStream(1024);

    MllpFrameDecoder(int maxFrameBytes, FramingErrorListener listener, Duration frameTimeout,
                     AtomicInteger connections, int maxConnections) {
        this.maxFrameBytes = maxFrameBytes;
        this.listener = listener;
        this.frameTimeout = frameTimeout;
        this.connections = connections;
        this.maxConnections = maxConnections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counted = true;
        if (connections.incrementAndGet() > maxConnections) {
            log.warn("MLLP connection from {} refused: {} connections is the limit", ctx.channel().remoteAddress(), maxConnections);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelFrameTimer();
        if (counted) {
            counted = false;
            connections.decrementAndGet();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (!inFrame) {
                if (b == VT) {
                    startFrame(ctx);
                } else if (!Character.isWhitespace(b)) {
                    var junk = new byte[Math.min(HEAD, in.readableBytes() + 1)];
                    junk[0] = b;
                    in.readBytes(junk, 1, junk.length - 1);
                    in.skipBytes(in.readableBytes());
                    report(ctx, junk, "MLLP framing error: data outside a frame (no start block 0x0B)");
                    ctx.close();
                    return;
                }
                continue;
            }
            if (sawFs) {
                sawFs = false;
                if (b == CR) {
                    out.add(finishFrame());
                    continue;
                }
                append(FS);
            }
            if (b == FS) {
                sawFs = true;
            } else if (b == VT) {
                log.warn("Start block inside a frame from {}: the partial frame of {} bytes is dropped",
                        ctx.channel().remoteAddress(), length);
                startFrame(ctx);
            } else {
                append(b);
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (inFrame && length > 0) {
            report(ctx, frame.toByteArray(), "MLLP framing error: connection closed inside a frame after "
                    + length + " bytes (no end block 0x1C 0x0D)");
            inFrame = false;
        }
    }

    private void startFrame(ChannelHandlerContext ctx) {
        var number = ++frameNumber;
        cancelFrameTimer();
        if (!frameTimeout.isZero()) {
            frameTimer = ctx.executor().schedule(() -> {
                if (inFrame && frameNumber == number && ctx.channel().isActive()) {
                    report(ctx, frame.toByteArray(), "MLLP frame not completed within " + frameTimeout.toSeconds()
                            + " s after " + length + " bytes: connection closed");
                    inFrame = false;
                    ctx.close();
                }
            }, frameTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        inFrame = true;
        sawFs = false;
        length = 0;
        // the buffer is reused from frame to frame, unless a large message grew it
        if (frame.size() <= 65_536) {
            frame.reset();
        } else {
            frame = new ByteArrayOutputStream(1024);
        }
    }

    private void cancelFrameTimer() {
        if (frameTimer != null) {
            frameTimer.cancel(false);
            frameTimer = null;
        }
    }

    private void append(byte b) {
        length++;
        if (length <= maxFrameBytes || frame.size() < HEAD) {
            frame.write(b);
        }
    }

    private Object finishFrame() {
        inFrame = false;
        cancelFrameTimer();
        var bytes = frame.toByteArray();
        if (length > maxFrameBytes) {
            return new OversizedFrame(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, HEAD)), length, maxFrameBytes);
        }
        return bytes;
    }

    private void report(ChannelHandlerContext ctx, byte[] data, String reason) {
        log.warn("{} from {}", reason, ctx.channel().remoteAddress());
        try {
            listener.framingError(String.valueOf(ctx.channel().remoteAddress()), data, reason);
        } catch (RuntimeException e) {
            log.error("Could not journal a framing error", e);
        }
    }
}
