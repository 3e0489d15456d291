package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a successful RetrieveDocumentSetResponse, with the checks of the toolkit's RetrieveB
 * (one answer per requested document, same repositoryUniqueId, mimeType, and hash and size against the
 * query result named by ReferenceMetadata) plus the one the toolkit only logs: the bytes must be those of
 * the document submitted under that uniqueId in this run, or else of the ReferenceDocument file.
 */
public final class RetrieveCheck {

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public record Outcome(List<String> problems, List<String> notes) {
    }

    /** A DocumentResponse: ids, mimeType and content. */
    record Retrieved(String repositoryUniqueId, String documentUniqueId, String mimeType, byte[] content) {
    }

    public static Outcome check(Element request, SoapClient.Response response, QueryMetadata reference,
                                String expectedMimeType, RunState run, Map<String, Path> referenceDocuments) {
        var c = new RetrieveCheck();
        c.run(request, response, reference, expectedMimeType, run, referenceDocuments);
        return new Outcome(c.problems, c.notes);
    }

    private void run(Element request, SoapClient.Response response, QueryMetadata reference, String expectedMimeType,
                     RunState run, Map<String, Path> referenceDocuments) {
        var retrieved = new LinkedHashMap<String, Retrieved>();
        for (var dr : Xml.children(response.body(), "DocumentResponse")) {
            var docUid = childText(dr, "DocumentUniqueId");
            byte[] content;
            try {
                content = Xml.child(dr, "Document").map(d -> SoapClient.binary(d, response.attachments())).orElse(null);
            } catch (RuntimeException e) {
                problems.add("Document " + docUid + ": " + e.getMessage());
                content = null;
            }
            retrieved.put(docUid, new Retrieved(childText(dr, "RepositoryUniqueId"), docUid,
                    childText(dr, "mimeType"), content));
        }
        var requests = Xml.children(request, "DocumentRequest");
        if (requests.size() != retrieved.size()) {
            problems.add("Requested " + requests.size() + " documents, got " + retrieved.size());
        }
        for (var dr : requests) {
            var repUid = childText(dr, "RepositoryUniqueId");
            var docUid = childText(dr, "DocumentUniqueId");
            var got = retrieved.get(docUid);
            if (got == null) {
                problems.add("No DocumentResponse for " + docUid + " (have " + retrieved.keySet() + ")");
                continue;
            }
            if (!repUid.equals(got.repositoryUniqueId())) {
                problems.add("Document " + docUid + ": repositoryUniqueId " + got.repositoryUniqueId()
                        + " instead of the requested " + repUid);
            }
            if (got.content() == null) {
                problems.add("Document " + docUid + ": no document data");
                continue;
            }
            checkAgainstQuery(docUid, got, reference, expectedMimeType);
            checkBytes(docUid, got, run.document(docUid), referenceDocuments.get(docUid));
        }
    }

    private void checkAgainstQuery(String docUid, Retrieved got, QueryMetadata reference, String expectedMimeType) {
        String mime = expectedMimeType;
        if (reference != null) {
            var eo = reference.extrinsicObjects.stream().filter(o -> docUid.equals(QueryMetadata.uniqueId(o)))
                    .findFirst();
            if (eo.isEmpty()) {
                problems.add("Document " + docUid + " is not in the ReferenceMetadata query result");
            } else {
                mime = eo.get().getAttribute("mimeType");
                var hash = QueryMetadata.slotValue(eo.get(), "hash");
                var size = QueryMetadata.slotValue(eo.get(), "size");
                if (hash != null && !hash.equalsIgnoreCase(sha1(got.content()))) {
                    problems.add("Document " + docUid + ": hash " + sha1(got.content())
                            + " of the retrieved bytes, query said " + hash);
                }
                if (size != null && !size.equals(String.valueOf(got.content().length))) {
                    problems.add("Document " + docUid + ": " + got.content().length + " bytes retrieved, query said "
                            + size);
                }
            }
        }
        if (mime != null && !mime.equals(got.mimeType())) {
            problems.add("Document " + docUid + ": mimeType " + got.mimeType() + ", expected " + mime);
        }
    }

    private void checkBytes(String docUid, Retrieved got, RunState.SubmittedDocument submitted, Path referenceFile) {
        byte[] referenceBytes = null;
        if (referenceFile != null) {
            try {
                referenceBytes = Files.readAllBytes(referenceFile);
            } catch (Exception e) {
                notes.add("ReferenceDocument " + referenceFile + " unreadable: " + e.getMessage());
            }
        }
        if (submitted != null) {
            if (referenceBytes != null && !Arrays.equals(referenceBytes, submitted.content())) {
                notes.add("ReferenceDocument " + referenceFile.getFileName() + " differs from " + submitted.source()
                        + ", the file actually submitted for " + docUid + "; compared with the submitted file");
            }
            if (!Arrays.equals(submitted.content(), got.content())) {
                problems.add("Document " + docUid + ": retrieved " + got.content().length + " bytes (sha1 "
                        + sha1(got.content()) + ") differ from the " + submitted.content().length
                        + " bytes submitted (" + submitted.source() + ", sha1 " + sha1(submitted.content()) + ")");
            }
            if (submitted.mimeType() != null && !submitted.mimeType().equals(got.mimeType())) {
                problems.add("Document " + docUid + ": mimeType " + got.mimeType() + " but submitted as "
                        + submitted.mimeType());
            }
        } else if (referenceBytes != null) {
            if (!Arrays.equals(referenceBytes, got.content())) {
                problems.add("Document " + docUid + ": retrieved bytes differ from ReferenceDocument "
                        + referenceFile.getFileName());
            }
        } else {
            notes.add("Document " + docUid + ": not submitted in this run and no ReferenceDocument,"
                    + " bytes not compared");
        }
    }

    private static String childText(Element parent, String name) {
        return Xml.child(parent, name).map(Xml::text).orElse(null);
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
