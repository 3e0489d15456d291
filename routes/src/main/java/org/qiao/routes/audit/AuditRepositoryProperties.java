package org.qiao.routes.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Qiao's own ATNA Audit Record Repository, under {@code qiao.audit-repository} (see application.yml). */
@ConfigurationProperties("qiao.audit-repository")
public class AuditRepositoryProperties {

    /** Receive audit messages at all (the REST search works either way). */
    private boolean enabled = false;
    /** Address the syslog receivers bind to. */
    private String host = "0.0.0.0";
    /** RFC 5426 syslog over UDP; 0 = off (the standard port is 514). */
    private int udpPort = 0;
    /** RFC 5425 syslog over TLS with client certificates; 0 = off (the standard port is 6514). Needs qiao.tls.*. */
    private int tlsPort = 0;
    /**
     * When IPF's audit repository (ipf.atna.audit-repository-*) is this one, hand this engine's own audit messages
     * to it in the process instead of over syslog (see LocalAuditMessageQueue).
     */
    private boolean localDelivery = true;
    private final Forward forward = new Forward();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getUdpPort() { return udpPort; }
    public void setUdpPort(int udpPort) { this.udpPort = udpPort; }
    public int getTlsPort() { return tlsPort; }
    public void setTlsPort(int tlsPort) { this.tlsPort = tlsPort; }
    public boolean isLocalDelivery() { return localDelivery; }
    public void setLocalDelivery(boolean localDelivery) { this.localDelivery = localDelivery; }
    public Forward getForward() { return forward; }

    /** Another ARR that gets a copy of every audit message read (e.g. the province's); empty host = none. */
    public static class Forward {
        private String host = "";
        private int port = 0;
        /** UDP or TLS (TLS uses this node's qiao.tls key and trust store). */
        private String transport = "UDP";

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getTransport() { return transport; }
        public void setTransport(String transport) { this.transport = transport; }

        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }
}
