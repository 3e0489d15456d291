package org.qiao.registry;

import org.qiao.stats.Tally;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/** The Document Registry over the registry store: each request in one transaction, errors as IHE codes. */
public class DocumentRegistryService implements DocumentRegistry {

    private static final Logger log = LoggerFactory.getLogger(DocumentRegistryService.class);

    private final TransactionTemplate tx;
    private final RegisterDocumentSetService register;
    private final StoredQueryService queries;
    private final MetadataUpdateService updates;
    private final RemoveMetadataService removals;

    /**
     * @param codes           the affinity domain's code list, or null to accept any code
     * @param homeCommunityId set on every object a query returns (urn:oid:…), or null
     */
    public DocumentRegistryService(RegistryStore store, PatientIdentityCheck patients, AffinityDomainCodes codes,
                                   TransactionTemplate tx, int maxLeafClassResults, String homeCommunityId) {
        this(store, patients, codes, tx, maxLeafClassResults, homeCommunityId, Tally.NONE);
    }

    /** With {@code tally}: each registered document entry is counted (Measure.DOCUMENTS) in its transaction. */
    public DocumentRegistryService(RegistryStore store, PatientIdentityCheck patients, AffinityDomainCodes codes,
                                   TransactionTemplate tx, int maxLeafClassResults, String homeCommunityId,
                                   Tally tally) {
        this.tx = tx;
        this.register = new RegisterDocumentSetService(store, patients, codes, tally);
        this.queries = new StoredQueryService(store, maxLeafClassResults, homeCommunityId);
        this.updates = new MetadataUpdateService(store, register);
        this.removals = new RemoveMetadataService(store);
    }

    @Override
    public Response registerDocumentSet(RegisterDocumentSet request) {
        try {
            tx.executeWithoutResult(status -> register.register(request));
            return new Response(Status.SUCCESS);
        } catch (RegistryException e) {
            log.info("Register Document Set refused: {} {}", e.errorCode().getOpcode(), e.getMessage());
            return failure(new Response(Status.FAILURE), e);
        }
    }

    @Override
    public Response updateDocumentSet(RegisterDocumentSet request) {
        return inTransaction("Update Document Set", () -> updates.update(request));
    }

    @Override
    public Response removeMetadata(RemoveMetadata request) {
        return inTransaction("Remove Metadata", () -> removals.remove(request));
    }

    private Response inTransaction(String what, Runnable work) {
        try {
            tx.executeWithoutResult(status -> work.run());
            return new Response(Status.SUCCESS);
        } catch (RegistryException e) {
            log.info("{} refused: {} {}", what, e.errorCode().getOpcode(), e.getMessage());
            return failure(new Response(Status.FAILURE), e);
        }
    }

    /**
     * Registers inside the caller's transaction (the repository's ITI-41), throwing
     * {@link RegistryException} so the caller rolls back its own writes too.
     */
    public void registerInCurrentTransaction(RegisterDocumentSet request) {
        register.register(request);
    }

    @Override
    public QueryResponse storedQuery(QueryRegistry request) {
        try {
            return tx.execute(status -> queries.query(request));
        } catch (RegistryException e) {
            log.info("Stored query refused: {} {}", e.errorCode().getOpcode(), e.getMessage());
            return failure(new QueryResponse(Status.FAILURE), e);
        }
    }

    private static <R extends Response> R failure(R response, RegistryException e) {
        for (var error : e.errors()) {
            response.getErrors().add(new ErrorInfo(error.errorCode(), error.getMessage(), Severity.ERROR,
                    error.location(), null));
        }
        return response;
    }

}
