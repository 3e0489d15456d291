package org.qiao.routes.console;

import jakarta.servlet.http.HttpServletRequest;
import org.qiao.record.ResidentRecordService;
import org.qiao.routes.audit.AuditEvents;
import org.springframework.security.core.Authentication;

import org.qiao.repository.DocumentStore;
import org.qiao.repository.RepositoryStore;
import org.qiao.translation.CdaRenderer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;

/**
 * Documents of the repository for people: as stored, and CDA rendered as HTML. Each reading is audited as the
 * reading of the resident's record it belongs to (ATNA, with the user), like the resident page and its timeline.
 */
@RestController
@RequestMapping("/api/documents")
public class DocumentViewer {

    private final RepositoryStore repository;
    private final DocumentStore documents;
    private final ResidentRecordService residents;
    private final AuditEvents audit;
    private final CdaRenderer renderer = new CdaRenderer();

    public DocumentViewer(RepositoryStore repository, DocumentStore documents, ResidentRecordService residents,
                          AuditEvents audit) {
        this.repository = repository;
        this.documents = documents;
        this.residents = residents;
        this.audit = audit;
    }

    @GetMapping("/{uniqueId}")
    public ResponseEntity<byte[]> document(@PathVariable String uniqueId, Authentication user,
                                           HttpServletRequest request) throws IOException {
        var entry = repository.find(uniqueId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + uniqueId));
        audited(uniqueId, user, request);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(entry.mimeType())).body(bytes(entry));
    }

    @GetMapping(value = "/{uniqueId}/html", produces = "text/html;charset=UTF-8")
    public String html(@PathVariable String uniqueId, Authentication user, HttpServletRequest request) throws Exception {
        var entry = repository.find(uniqueId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + uniqueId));
        audited(uniqueId, user, request);
        if (!entry.mimeType().contains("xml")) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Document " + uniqueId + " is "
                    + entry.mimeType() + ", not CDA");
        }
        return renderer.toHtml(bytes(entry));
    }

    private void audited(String uniqueId, Authentication user, HttpServletRequest request) {
        residents.documentPatient(uniqueId).ifPresent(patient -> audit.recordRead(
                user == null ? "?" : user.getName(), "document " + uniqueId, patient, request.getRemoteAddr()));
    }

    private byte[] bytes(RepositoryStore.Entry entry) throws IOException {
        try (var in = documents.get(entry.hash()).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.INTERNAL_SERVER_ERROR, "The bytes of " + entry.uniqueId() + " are missing"))) {
            return in.readAllBytes();
        }
    }
}
