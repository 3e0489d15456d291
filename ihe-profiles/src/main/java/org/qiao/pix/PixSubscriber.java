package org.qiao.pix;

import java.util.Set;

/**
 * A PIX Consumer subscribed to ITI-10 update notifications.
 *
 * @param name        outbox destination name
 * @param host        MLLP host
 * @param port        MLLP port
 * @param application MSH-5 receiving application
 * @param facility    MSH-6 receiving facility
 * @param domains     codes of the domains of interest; empty means all domains
 */
public record PixSubscriber(String name, String host, int port, String application, String facility,
                            Set<String> domains) {

    public boolean interestedIn(String domainCode) {
        return domains == null || domains.isEmpty() || domains.contains(domainCode);
    }
}
