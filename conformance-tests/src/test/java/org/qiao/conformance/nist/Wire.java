package org.qiao.conformance.nist;

import java.io.IOException;
import java.util.List;

/** How steps reach the system under test: SOAP transactions and the HL7 v2 patient identity feed. */
public interface Wire {

    SoapClient.Response soap(TransactionKind kind, org.w3c.dom.Element payload, List<SoapClient.Attachment> attachments)
            throws IOException, InterruptedException;

    /** Sends an ADT^A01 for {@code pid3}; returns the acknowledgement. */
    String feed(String pid3) throws IOException;

    /** The engine: SOAP to {@link Target#endpoint}, MLLP to its port. */
    static Wire to(Target target) {
        var client = new SoapClient();
        return new Wire() {
            @Override
            public SoapClient.Response soap(TransactionKind kind, org.w3c.dom.Element payload,
                                            List<SoapClient.Attachment> attachments)
                    throws IOException, InterruptedException {
                return client.send(target.endpoint(kind), kind.action, payload, attachments, kind.mtom);
            }

            @Override
            public String feed(String pid3) throws IOException {
                return PatientFeed.feed(target.mllpPort(), pid3);
            }
        };
    }
}
