package org.qiao.repository;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.qiao.registry.DocumentRegistryService;
import org.qiao.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Document Repository.
 *
 * <p>Provide and Register:
 * <ol>
 *   <li>write each document's bytes to the document store (content-addressed), computing SHA-1 and size;
 *       values the submitter supplied must match (XDSRepositoryMetadataError);</li>
 *   <li>in one database transaction, record uniqueId → bytes and register the metadata with the registry
 *       in-process, with this repository's uniqueId, hash and size filled in;</li>
 *   <li>if anything fails, the transaction rolls back and the bytes this request added are deleted, so nothing
 *       is registered without bytes and no bytes are left behind.</li>
 * </ol>
 */
public class RepositoryService implements DocumentRepository {

    private static final Logger log = LoggerFactory.getLogger(RepositoryService.class);

    private final DocumentStore documents;
    private final RepositoryStore store;
    private final DocumentRegistryService registry;
    private final TransactionTemplate tx;
    private final String repositoryUniqueId;

    public RepositoryService(DocumentStore documents, RepositoryStore store, DocumentRegistryService registry,
                             TransactionTemplate tx, String repositoryUniqueId) {
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.tx = tx;
        this.repositoryUniqueId = repositoryUniqueId;
    }

    @Override
    public Response provideAndRegister(ProvideAndRegisterDocumentSet request) {
        var written = new ArrayList<String>();
        try {
            var entries = new ArrayList<RepositoryStore.Entry>();
            for (var doc : request.getDocuments()) {
                var entry = doc.getDocumentEntry();
                if (doc.getDataHandler() == null) {
                    throw new RegistryException(ErrorCode.MISSING_DOCUMENT, "No document for " + entry.getUniqueId(),
                            entry.getUniqueId());
                }
                DocumentStore.Stored stored;
                try (var in = doc.getDataHandler().getInputStream()) {
                    stored = documents.put(in);
                } catch (IOException | RuntimeException unreadable) {
                    // the request's bytes are broken (e.g. a MIME body cut off): the sender's problem, said plainly
                    var cause = unreadable.getCause() != null ? unreadable.getCause() : unreadable;
                    throw new RegistryException(ErrorCode.REPOSITORY_ERROR, "Document " + entry.getUniqueId()
                            + " could not be read from the request: " + cause.getMessage(), entry.getUniqueId());
                }
                if (stored.created()) {
                    written.add(stored.sha1());
                }
                if (entry.getHash() != null && !entry.getHash().equalsIgnoreCase(stored.sha1())) {
                    throw new RegistryException(ErrorCode.REPOSITORY_METADATA_ERROR, "Document " + entry.getUniqueId()
                            + ": hash " + entry.getHash() + " given, the bytes hash to " + stored.sha1(), entry.getUniqueId());
                }
                if (entry.getSize() != null && entry.getSize() != stored.size()) {
                    throw new RegistryException(ErrorCode.REPOSITORY_METADATA_ERROR, "Document " + entry.getUniqueId()
                            + ": size " + entry.getSize() + " given, the bytes are " + stored.size(), entry.getUniqueId());
                }
                if (entry.getRepositoryUniqueId() != null && !entry.getRepositoryUniqueId().equals(repositoryUniqueId)) {
                    throw new RegistryException(ErrorCode.REPOSITORY_METADATA_ERROR, "Document " + entry.getUniqueId()
                            + " names repository " + entry.getRepositoryUniqueId() + ", this is " + repositoryUniqueId,
                            entry.getUniqueId());
                }
                entry.setHash(stored.sha1());
                entry.setSize(stored.size());
                entry.setRepositoryUniqueId(repositoryUniqueId);
                entries.add(new RepositoryStore.Entry(entry.getUniqueId(), stored.sha1(), stored.size(),
                        entry.getMimeType() == null ? "application/octet-stream" : entry.getMimeType()));
            }
            var register = new RegisterDocumentSet();
            register.setSubmissionSet(request.getSubmissionSet());
            register.getFolders().addAll(request.getFolders());
            register.getAssociations().addAll(request.getAssociations());
            request.getDocuments().forEach(d -> register.getDocumentEntries().add(d.getDocumentEntry()));
            tx.executeWithoutResult(status -> {
                for (var e : entries) {
                    var existing = store.find(e.uniqueId());
                    if (existing.isEmpty()) {
                        store.insert(e);
                    } else if (!existing.get().hash().equalsIgnoreCase(e.hash())) {
                        throw new RegistryException(ErrorCode.NON_IDENTICAL_HASH, "Document " + e.uniqueId()
                                + " is already stored with other content", e.uniqueId());
                    }
                }
                registry.registerInCurrentTransaction(register);
            });
            return new Response(Status.SUCCESS);
        } catch (RegistryException e) {
            log.info("Provide and Register refused: {} {}", e.errorCode().getOpcode(), e.getMessage());
            cleanUp(written);
            var response = new Response(Status.FAILURE);
            response.getErrors().add(new ErrorInfo(e.errorCode(), e.getMessage(), Severity.ERROR, e.location(), null));
            return response;
        } catch (RuntimeException e) {
            cleanUp(written);
            throw e;
        }
    }

    private void cleanUp(List<String> written) {
        for (var sha1 : written) {
            try {
                if (!store.referenced(sha1)) {
                    documents.delete(sha1);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Could not remove unregistered document bytes {}", sha1, e);
            }
        }
    }

    @Override
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        var found = new ArrayList<RetrievedDocument>();
        var errors = new ArrayList<ErrorInfo>();
        for (DocumentReference ref : request.getDocuments()) {
            if (!repositoryUniqueId.equals(ref.getRepositoryUniqueId())) {
                errors.add(new ErrorInfo(ErrorCode.UNKNOWN_REPOSITORY_ID, "This is repository " + repositoryUniqueId
                        + ", not " + ref.getRepositoryUniqueId(), Severity.ERROR, ref.getDocumentUniqueId(), null));
                continue;
            }
            var entry = store.find(ref.getDocumentUniqueId());
            if (entry.isEmpty()) {
                errors.add(new ErrorInfo(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "No document " + ref.getDocumentUniqueId()
                        + " in this repository", Severity.ERROR, ref.getDocumentUniqueId(), null));
                continue;
            }
            var e = entry.get();
            found.add(new RetrievedDocument(new DataHandler(new StoredDataSource(e)), ref, null, null, e.mimeType()));
        }
        var status = errors.isEmpty() ? Status.SUCCESS : found.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
        var response = new RetrievedDocumentSet(status, found);
        response.getErrors().addAll(errors);
        return response;
    }

    /** Streams a stored document when the response is written. */
    private final class StoredDataSource implements DataSource {
        private final RepositoryStore.Entry entry;

        StoredDataSource(RepositoryStore.Entry entry) {
            this.entry = entry;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return documents.get(entry.hash()).orElseThrow(() -> new IOException(
                    "The bytes of document " + entry.uniqueId() + " are missing from the document store"));
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            return entry.mimeType();
        }

        @Override
        public String getName() {
            return entry.uniqueId();
        }
    }
}
