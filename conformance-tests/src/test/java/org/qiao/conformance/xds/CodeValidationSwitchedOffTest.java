package org.qiao.conformance.xds;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import static org.assertj.core.api.Assertions.assertThat;

/** qiao.registry.validate-codes=false: coded values outside the code list are accepted. */
class CodeValidationSwitchedOffTest {

    static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.registry.validate-codes=false");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @Test
    void anyCodeIsAccepted() throws Exception {
        var mrn = Hl7.unique("C");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "黄", "盖"));
        String regional = null;
        for (var id : new AdminClient(engine).patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                regional = id.get("value").asText();
            }
        }
        var patient = XdsMessages.patient(regional, "2.16.156.10011.0.99.1");
        var odd = XdsMessages.documentEntry(patient, "LOCAL-CLASS-7", "20261101");
        var answer = Soap.call(engine, "xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b",
                XdsMessages.xml(XdsMessages.register(XdsMessages.submissionSet(patient), odd)));
        assertThat(Soap.text(answer, "//*[local-name()='RegistryResponse']/@status")).as(Soap.errorCodes(answer).toString())
                .endsWith(":Success");
    }
}
