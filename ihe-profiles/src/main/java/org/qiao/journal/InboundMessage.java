package org.qiao.journal;

/**
 * One message as it arrived, with the header fields the journal indexes.
 *
 * @param protocol           wire protocol, e.g. MLLP
 * @param transaction        IHE transaction it was dispatched to (ITI-8 …), null when not dispatched
 * @param messageType        MSH-9 as sent, e.g. ADT^A01
 * @param sendingApplication MSH-3
 * @param sendingFacility    MSH-4
 * @param controlId          MSH-10
 * @param charset            character set used to decode the bytes
 * @param raw                the decoded text, exactly as received
 */
public record InboundMessage(String protocol, String transaction, String messageType,
                             String sendingApplication, String sendingFacility, String controlId,
                             String charset, String raw) {

    /** Same sender and control id mean the same message (HL7 v2 ch. 2 original acknowledgement rules). */
    public String dedupKey() {
        if (controlId == null || controlId.isBlank()) {
            return null;
        }
        return nullToEmpty(sendingApplication) + '|' + nullToEmpty(sendingFacility) + '|' + controlId;
    }

    public InboundMessage withTransaction(String transaction) {
        return new InboundMessage(protocol, transaction, messageType, sendingApplication, sendingFacility,
                controlId, charset, raw);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
