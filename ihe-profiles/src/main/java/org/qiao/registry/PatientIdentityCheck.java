package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/** Whether a patient id is an affinity-domain id the PIX Manager knows (XDSUnknownPatientId otherwise). */
@FunctionalInterface
public interface PatientIdentityCheck {
    boolean isKnown(Identifiable patientId);
}
