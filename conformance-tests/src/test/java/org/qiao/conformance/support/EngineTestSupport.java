package org.qiao.conformance.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/** One engine with the default configuration for all tests of a class (test classes run one at a time). */
public abstract class EngineTestSupport {

    protected static Engine engine;
    protected static AdminClient admin;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = Engine.start();
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        engine.close();
    }

    /** A new resident fed by hospital A over MLLP (ITI-8): its regional id, as an XDS patient id. */
    protected static Identifiable feedResident(String family, String given) throws Exception {
        var mrn = Hl7.unique("R");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, family, given));
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        throw new AssertionError("no regional id for " + mrn);
    }
}
