package org.qiao.repository;

import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/** The XDS.b Document Repository, in IHE terms. */
public interface DocumentRepository {

    /** ITI-41 Provide and Register Document Set-b: bytes stored and metadata registered, or neither. */
    Response provideAndRegister(ProvideAndRegisterDocumentSet request);

    /** ITI-43 Retrieve Document Set. */
    RetrievedDocumentSet retrieve(RetrieveDocumentSet request);
}
