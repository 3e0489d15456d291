package org.qiao.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;

import java.nio.charset.StandardCharsets;

/**
 * Replaces camel-hl7's encoder (bean name {@code hl7encoder}): a text message is written in the character
 * set its own MSH-18 names, so a GB 18030 request gets a GB 18030 answer.
 */
public class MllpFrameEncoderFactory extends HL7MLLPNettyEncoderFactory {

    public MllpFrameEncoderFactory() {
        setCharset(StandardCharsets.UTF_8);
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new Encoder();
    }

    @ChannelHandler.Sharable
    static class Encoder extends MessageToByteEncoder<Object> {
        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
            byte[] bytes;
            if (msg instanceof byte[] b) {
                bytes = b;
            } else {
                var text = msg.toString();
                bytes = text.getBytes(Hl7Charsets.of(Hl7Charsets.msh18(text)));
            }
            out.writeByte(MllpFrameDecoder.VT);
            out.writeBytes(bytes);
            out.writeByte(MllpFrameDecoder.FS);
            out.writeByte(MllpFrameDecoder.CR);
        }
    }
}
