package org.qiao.pix.v2;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v25.message.ADT_A05;
import org.qiao.outbox.Outbox;
import org.qiao.pix.CrossReferenceListener;
import org.qiao.pix.Demographics;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixSubscriber;

import java.util.List;

/**
 * ITI-10 PIX Update Notification: when a person's cross-references change, writes one ADT^A31 (v2.5) per
 * interested subscriber into the outbox, in the same transaction as the change. The outbox worker sends it.
 * PID-3 lists the person's identifiers in the subscriber's domains of interest; PID-5 is a single space and
 * PV1-2 is N, as ITI TF-2a 3.10.4.1.2 requires.
 */
public class PixUpdateNotifications implements CrossReferenceListener {

    public static final String KIND = "ITI-10";

    private final HapiContext hapi;
    private final IdentityDomains domains;
    private final List<PixSubscriber> subscribers;
    private final Outbox outbox;
    private final String sendingApplication;
    private final String sendingFacility;

    public PixUpdateNotifications(HapiContext hapi, IdentityDomains domains, List<PixSubscriber> subscribers,
                                  Outbox outbox, String sendingApplication, String sendingFacility) {
        this.hapi = hapi;
        this.domains = domains;
        this.subscribers = List.copyOf(subscribers);
        this.outbox = outbox;
        this.sendingApplication = sendingApplication;
        this.sendingFacility = sendingFacility;
    }

    @Override
    public void crossReferencesChanged(long personId, List<Identifier> identifiers, Demographics latest) {
        var regional = identifiers.stream().filter(id -> id.domain().equals(domains.affinityDomain().code()))
                .findFirst().map(Identifier::value).orElse("person-" + personId);
        for (var s : subscribers) {
            // several ids of one domain in successive PID-3 repetitions (ITI TF-2a 3.9.4.2.2.6 Case 6, 3.10.4.1.2)
            var ids = Identifier.groupedByDomain(identifiers.stream().filter(id -> s.interestedIn(id.domain())).toList());
            if (!ids.isEmpty()) {
                outbox.enqueue(s.name(), KIND, regional, a31(s, ids));
            }
        }
    }

    /** HAPI trims values, so the single space ITI-10 asks for in PID-5 is written into the text. */
    static String withBlankName(String message) {
        var segments = message.split("\r", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("PID|")) {
                var fields = new java.util.ArrayList<>(java.util.Arrays.asList(segments[i].split("\\|", -1)));
                while (fields.size() < 6) {
                    fields.add("");
                }
                fields.set(5, " ");
                segments[i] = String.join("|", fields);
            }
        }
        return String.join("\r", segments);
    }

    private String a31(PixSubscriber s, List<Identifier> ids) {
        try {
            var a31 = new ADT_A05();
            a31.setParser(hapi.getPipeParser());
            a31.initQuickstart("ADT", "A31", "P");
            var msh = a31.getMSH();
            msh.getSendingApplication().getNamespaceID().setValue(sendingApplication);
            msh.getSendingFacility().getNamespaceID().setValue(sendingFacility);
            msh.getReceivingApplication().getNamespaceID().setValue(s.application());
            msh.getReceivingFacility().getNamespaceID().setValue(s.facility());
            msh.getMessageType().getMessageStructure().setValue("ADT_A05");
            msh.getCharacterSet(0).setValue("UNICODE UTF-8");
            msh.getMessageProfileIdentifier(0).getEntityIdentifier().setValue("ITI-10");
            msh.getMessageProfileIdentifier(0).getNamespaceID().setValue("IHE");
            a31.getEVN().getEventTypeCode().setValue("A31");
            a31.getEVN().getRecordedDateTime().getTime().setValue(msh.getDateTimeOfMessage().getTime().getValue());
            var pid = a31.getPID();
            for (int i = 0; i < ids.size(); i++) {
                V2.setCx(pid, 3, i, ids.get(i), domains);
            }
            a31.getPV1().getPatientClass().setValue("N");
            return withBlankName(a31.encode());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build ADT^A31 notification", e);
        }
    }
}
