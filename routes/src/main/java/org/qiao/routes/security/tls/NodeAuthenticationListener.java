package org.qiao.routes.security.tls;

import java.security.cert.X509Certificate;

/** Told when a peer's certificate is refused, so the refusal can be audited (ATNA Security Alert). */
@FunctionalInterface
public interface NodeAuthenticationListener {

    NodeAuthenticationListener NONE = (door, peer, chain, reason) -> { };

    /**
     * @param door  which door refused (HTTP, MLLP, SYSLOG)
     * @param peer  the peer's address as far as known
     * @param chain the chain the peer offered (may be empty)
     */
    void refused(String door, String peer, X509Certificate[] chain, String reason);
}
