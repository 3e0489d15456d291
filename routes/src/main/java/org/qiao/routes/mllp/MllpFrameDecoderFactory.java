package org.qiao.routes.mllp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.channel.ChannelHandler;
import org.apache.camel.component.hl7.HL7MLLPNettyDecoderFactory;

/**
 * Replaces camel-hl7's decoder for every IPF MLLP endpoint (bean name {@code hl7decoder}): same framing,
 * plus a frame size limit and framing errors that are journaled. Extends camel-hl7's factory because IPF
 * reads the default character set from it; frames go up as bytes so IPF decodes them by MSH-18.
 */
public class MllpFrameDecoderFactory extends HL7MLLPNettyDecoderFactory {

    private final int maxFrameBytes;
    private final FramingErrorListener listener;
    private final Duration frameTimeout;
    private final int maxConnections;
    /** Open connections over all MLLP endpoints that use this decoder. */
    private final AtomicInteger connections = new AtomicInteger();

    public MllpFrameDecoderFactory(int maxFrameBytes, FramingErrorListener listener, Duration frameTimeout,
                                   int maxConnections) {
        this.maxFrameBytes = maxFrameBytes;
        this.listener = listener;
        this.frameTimeout = frameTimeout;
        this.maxConnections = maxConnections;
        setCharset("UTF-8");
        setProduceString(false);
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new MllpFrameDecoder(maxFrameBytes, listener, frameTimeout, connections, maxConnections);
    }
}
