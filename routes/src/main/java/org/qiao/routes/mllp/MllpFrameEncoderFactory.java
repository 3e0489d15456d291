package org.qiao.routes.mllp;

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
                var text = escapeBlockCharacters(msg.toString());
                bytes = text.getBytes(Hl7Charsets.of(Hl7Charsets.msh18(text)));
            }
            out.writeByte(MllpFrameDecoder.VT);
            out.writeBytes(bytes);
            out.writeByte(MllpFrameDecoder.FS);
            out.writeByte(MllpFrameDecoder.CR);
        }
    }

    /**
     * An answer may echo request fields (MSH-3/4, MSA-2) holding MLLP block characters; sent raw, 0x1C would
     * end the frame early for the receiver. They go out as HL7 hex escapes with the answer's escape character.
     */
    static String escapeBlockCharacters(String text) {
        if (text.indexOf(MllpFrameDecoder.VT) < 0 && text.indexOf(MllpFrameDecoder.FS) < 0) {
            return text;
        }
        char escape = text.length() > 6 && text.startsWith("MSH") ? text.charAt(6) : '\\';
        return text.replace(String.valueOf((char) MllpFrameDecoder.VT), escape + "X0B" + escape)
                .replace(String.valueOf((char) MllpFrameDecoder.FS), escape + "X1C" + escape);
    }
}
