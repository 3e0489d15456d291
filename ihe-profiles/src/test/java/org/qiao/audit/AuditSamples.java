package org.qiao.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Audit messages as IHE actors send them (DICOM PS3.15 A.5 format, one RFC 3881). */
final class AuditSamples {

    static final String PATIENT_A = "123^^^&1.2.3&ISO";
    static final String PATIENT_B = "456^^^&1.2.3&ISO";

    private AuditSamples() {
    }

    /** ITI-8 Patient Identity Feed, as the PIX Manager records it: a patient created. */
    static String iti8(String time, String patient) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <AuditMessage>
                  <EventIdentification EventActionCode="C" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
                    <EventTypeCode csd-code="ITI-8" codeSystemName="IHE Transactions" originalText="Patient Identity Feed"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="HIS|HOSPA" UserIsRequestor="false" NetworkAccessPointID="10.1.1.5" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/>
                  </ActiveParticipant>
                  <ActiveParticipant UserID="QIAO|REGION" AlternativeUserID="4711" UserIsRequestor="false" NetworkAccessPointID="10.9.9.1" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110152" codeSystemName="DCM" originalText="Destination Role ID"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="qiao-pix" AuditEnterpriseSiteID="region">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server Process or Thread"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectDetail type="MSH-10" value="%s"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>
                """.formatted(time, xml(patient), b64("MSG00001"));
    }

    /** ITI-18 Registry Stored Query (FindDocuments) by a document consumer, with the human requestor. */
    static String iti18(String time, String patient) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID csd-code="110112" codeSystemName="DCM" originalText="Query"/>
                    <EventTypeCode csd-code="ITI-18" codeSystemName="IHE Transactions" originalText="Registry Stored Query"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="http://www.w3.org/2005/08/addressing/anonymous" AlternativeUserID="9021" UserIsRequestor="true" NetworkAccessPointID="10.2.2.7" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/>
                  </ActiveParticipant>
                  <ActiveParticipant UserID="dr.wang" UserName="Wang Li&lt;wang@hosp-b.example&gt;" UserIsRequestor="true"/>
                  <ActiveParticipant UserID="https://qiao.example/services/xds-iti18" UserIsRequestor="false" NetworkAccessPointID="qiao.example" NetworkAccessPointTypeCode="1">
                    <RoleIDCode csd-code="110152" codeSystemName="DCM" originalText="Destination Role ID"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="hosp-b-ehr">
                    <AuditSourceTypeCode csd-code="1" codeSystemName="DCM" originalText="End-user interface"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                  </ParticipantObjectIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="24">
                    <ParticipantObjectIDTypeCode csd-code="ITI-18" codeSystemName="IHE Transactions" originalText="Registry Stored Query"/>
                    <ParticipantObjectQuery>%s</ParticipantObjectQuery>
                    <ParticipantObjectDetail type="QueryEncoding" value="%s"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>
                """.formatted(time, xml(patient), b64("<query:AdhocQueryRequest/>"), b64("UTF-8"));
    }

    /** ITI-43 Retrieve Document Set, as the repository records its export; outcome 4 (one document missing). */
    static String iti43(String time, String patient, int outcome) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <AuditMessage>
                  <EventIdentification EventActionCode="R" EventDateTime="%s" EventOutcomeIndicator="%d">
                    <EventID csd-code="110106" codeSystemName="DCM" originalText="Export"/>
                    <EventTypeCode csd-code="ITI-43" codeSystemName="IHE Transactions" originalText="Retrieve Document Set"/>
                    <EventOutcomeDescription>XDSMissingDocument</EventOutcomeDescription>
                  </EventIdentification>
                  <ActiveParticipant UserID="https://qiao.example/services/xds-iti43" UserIsRequestor="false" NetworkAccessPointID="10.9.9.1" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/>
                  </ActiveParticipant>
                  <ActiveParticipant UserID="http://www.w3.org/2005/08/addressing/anonymous" UserIsRequestor="true" NetworkAccessPointID="10.3.3.9" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110152" codeSystemName="DCM" originalText="Destination Role ID"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="qiao-repo">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server Process or Thread"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                  </ParticipantObjectIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="2.16.156.10011.0.99.5.77" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3">
                    <ParticipantObjectIDTypeCode csd-code="9" codeSystemName="RFC-3881" originalText="Report Number"/>
                    <ParticipantObjectDetail type="Repository Unique Id" value="%s"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>
                """.formatted(time, outcome, xml(patient), b64("2.16.156.10011.0.99.3.1"));
    }

    /** An old RFC 3881 message (coded values with code=, displayName=): an ITI-9 PIX query. */
    static String rfc3881Iti9(String time, String patient) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID code="110112" codeSystemName="DCM" displayName="Query"/>
                    <EventTypeCode code="ITI-9" codeSystemName="IHE Transactions" displayName="PIX Query"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="LIS|HOSPC" UserIsRequestor="true" NetworkAccessPointID="10.4.4.4" NetworkAccessPointTypeCode="2">
                    <RoleIDCode code="110153" codeSystemName="DCM" displayName="Source"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="hosp-c-lis"/>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode code="2"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>
                """.formatted(time, xml(patient));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
