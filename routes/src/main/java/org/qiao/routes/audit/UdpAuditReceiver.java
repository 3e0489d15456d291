package org.qiao.routes.audit;

import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import org.openehealth.ipf.commons.audit.server.SyslogServer;
import org.openehealth.ipf.commons.audit.server.support.SyslogParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.EXCEPTIONS;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.RAW_MESSAGE;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_HOST;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_IP;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_PORT;

/**
 * RFC 5426 syslog over UDP, one message per datagram, decoded by IPF's {@link SyslogParser} into the same map as
 * IPF's own receivers produce. Used instead of IPF's UdpSyslogServer (5.1.0): there, an empty datagram makes the
 * parser throw inside the receiving stream, which ends it and unbinds the port; here every datagram, even an empty
 * one, becomes a map and the stream goes on.
 */
public class UdpAuditReceiver extends SyslogServer<Connection> {

    private static final Logger log = LoggerFactory.getLogger(UdpAuditReceiver.class);
    /** The largest UDP payload. */
    private static final int MAX_DATAGRAM = 65535;

    public UdpAuditReceiver(Consumer<? super Map<String, Object>> consumer, Consumer<Throwable> errorConsumer) {
        super(consumer, errorConsumer);
    }

    @Override
    protected UdpAuditReceiver doStart(String host, int port) {
        channel = UdpServer.create()
                .host(host)
                .port(port)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .doOnBound(c -> log.info("Audit syslog (UDP) bound on {}", c.channel().localAddress()))
                .handle((in, out) -> in.receiveObject()
                        .ofType(DatagramPacket.class)
                        .map(UdpAuditReceiver::decode)
                        .flatMap(this::handleMap)
                        .doOnError(errorConsumer)
                        .then())
                .bindNow(Duration.ofSeconds(timeoutSeconds));
        return this;
    }

    /** Never throws: what does not parse is passed on raw, with the reason, to be stored as such. */
    static Map<String, Object> decode(DatagramPacket packet) {
        var text = packet.content().toString(StandardCharsets.UTF_8).replace("\uFEFF", "");
        Map<String, Object> map;
        if (text.isBlank()) {
            map = new HashMap<>();
            map.put(RAW_MESSAGE, text);
            map.put(EXCEPTIONS, new IllegalArgumentException("empty datagram"));
        } else {
            map = new HashMap<>(SyslogParser.parse(text));
        }
        var sender = packet.sender();
        if (sender != null) {
            map.put(REMOTE_HOST, sender.getHostString()); // no reverse DNS lookup per datagram
            map.put(REMOTE_PORT, sender.getPort());
            if (sender.getAddress() != null) {
                map.put(REMOTE_IP, sender.getAddress().getHostAddress());
            }
        }
        return map;
    }
}
