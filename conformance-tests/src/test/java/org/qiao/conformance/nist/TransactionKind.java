package org.qiao.conformance.nist;

import java.util.Arrays;
import java.util.Optional;

/**
 * The testplan transaction elements the XDS testkit uses, with the engine service and WS-Addressing action
 * each is sent to. The actions are those of the IHE ITI TF (and of IPF's WSDLs); ITI-62 is
 * {@code urn:ihe:iti:2010:DeleteDocumentSet} there and in the NIST toolkit.
 */
public enum TransactionKind {
    REGISTER("RegisterTransaction", "/services/xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b", false,
            "RegistryResponse"),
    PROVIDE_AND_REGISTER("ProvideAndRegisterTransaction", "/services/xds-iti41",
            "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", true, "RegistryResponse"),
    STORED_QUERY("StoredQueryTransaction", "/services/xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery", false,
            "AdhocQueryResponse"),
    RETRIEVE("RetrieveTransaction", "/services/xds-iti43", "urn:ihe:iti:2007:RetrieveDocumentSet", true,
            "RetrieveDocumentSetResponse"),
    UPDATE("MuTransaction", "/services/xds-iti57", "urn:ihe:iti:2010:UpdateDocumentSet", false, "RegistryResponse"),
    REMOVE("RemoveMetadataTransaction", "/services/xds-iti62", "urn:ihe:iti:2010:DeleteDocumentSet", false,
            "RegistryResponse"),
    PATIENT_FEED("PatientIdentityFeedTransaction", null, null, false, null),
    NULL("NullTransaction", null, null, false, null);

    public final String element;
    public final String servicePath;
    public final String action;
    public final boolean mtom;
    /** Local name of the element the SOAP Body must carry back. */
    public final String responseElement;

    TransactionKind(String element, String servicePath, String action, boolean mtom, String responseElement) {
        this.element = element;
        this.servicePath = servicePath;
        this.action = action;
        this.mtom = mtom;
        this.responseElement = responseElement;
    }

    /** The wsa:Action the answer must carry (the toolkit checks it): the request action + "Response". */
    public String responseAction() {
        return action == null ? null : action + "Response";
    }

    public static Optional<TransactionKind> ofElement(String localName) {
        return Arrays.stream(values()).filter(k -> k.element.equals(localName)).findFirst();
    }

    /** Register, Provide and Register and Update carry a SubmitObjectsRequest built from a metadata file. */
    public boolean submitsMetadata() {
        return this == REGISTER || this == PROVIDE_AND_REGISTER || this == UPDATE;
    }

    public boolean isSoap() {
        return servicePath != null;
    }
}
