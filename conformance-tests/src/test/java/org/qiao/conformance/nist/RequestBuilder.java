package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds the message of a SOAP step from its metadata file, in the order of the toolkit's prepareMetadata:
 * test parameters ({@code $patientid$}), UseReport values, then for submissions the forced patient id,
 * UseId values, fresh uniqueIds, the sourceId and UUIDs for symbolic ids; then {@code $now$}/{@code $lastyear$};
 * finally ebRIM 2.1 to 3.0 and, for Provide and Register, the documents as MTOM parts.
 */
final class RequestBuilder {

    static final String XDSB = "urn:ihe:iti:xds-b:2007";
    private static final String REPUID = "$repuid$";
    private static final Pattern SYMBOL = Pattern.compile("\\$[A-Za-z0-9_]+\\$");

    /** The message and its MTOM parts. */
    record Request(Element body, List<SoapClient.Attachment> attachments) {
    }

    private final Ebrim21To30 translator = new Ebrim21To30();

    Request build(StepContext ctx) throws IOException {
        var ins = ctx.instruction;
        if (ins.metadataFile() == null) {
            throw new IllegalStateException(ins.kind().element + " without MetadataFile");
        }
        var root = Xml.parse(ctx.section.dir().resolve(ins.metadataFile())).getDocumentElement();
        Substitution.apply(root, ctx.runParameters());
        Substitution.apply(root, nonEmpty(ctx.useReports));
        if (ins.kind().submitsMetadata() && ins.parseMetadata() && Ebrim21To30.isSubmitObjectsRequest(root)) {
            assignIds(ctx, root);
        } else if (ins.kind() == TransactionKind.RETRIEVE) {
            if (!ins.useIds().isEmpty()) {
                ctx.notes.add("UseId in a RetrieveTransaction is not applied (the toolkit never compiles it there);"
                        + " UseReport provides the values");
            }
        } else {
            applyUseIds(ctx, root);
        }
        if (Xml.toString(root).contains(REPUID)) {
            // no UseReport provided it (15816/Retrieve reads it from the toolkit's own configuration)
            Substitution.replace(root, REPUID, ctx.run.repositoryUniqueId);
            ctx.notes.add(REPUID + " taken from -D" + NistRunner.REPOSITORY_UNIQUE_ID_PROPERTY + " = "
                    + ctx.run.repositoryUniqueId);
        }
        Substitution.apply(root, StepContext.standardLinkage());

        var attachments = new ArrayList<SoapClient.Attachment>();
        Element body = root;
        if (ins.kind().submitsMetadata() && ins.parseMetadata() && Ebrim21To30.isSubmitObjectsRequest(root)) {
            body = translator.translate(root).getDocumentElement();
            if (ins.kind() == TransactionKind.PROVIDE_AND_REGISTER) {
                body = provideAndRegister(ctx, body, attachments);
            }
        }
        var leftovers = new TreeSet<String>();
        SYMBOL.matcher(Xml.toString(body)).results().forEach(r -> leftovers.add(r.group()));
        if (!leftovers.isEmpty()) {
            ctx.notes.add("Sent with unresolved placeholders " + leftovers);
        }
        return new Request(body, attachments);
    }

    private void assignIds(StepContext ctx, Element root) {
        var ins = ctx.instruction;
        if (!ins.noPatientId()) {
            ctx.log.assign(StepLog.PATIENT_IDS, SubmissionIds.assignPatientId(root, ctx.forcedPatientId));
        }
        applyUseIds(ctx, root);
        if (ins.assignUids()) {
            var uids = SubmissionIds.assignUniqueIds(root, ins.noAssignUidTo(), ins.uuidExclusions(),
                    ctx.run.oids::next);
            ctx.log.assign(StepLog.UIDS, uids);
        }
        ctx.log.assign(StepLog.SOURCE_IDS, SubmissionIds.assignSourceId(root, ctx.run.oids.sourceId()));
        if (ins.assignUuids()) {
            ctx.log.assign(StepLog.UUIDS, SubmissionIds.assignUuids(root));
        }
    }

    private static void applyUseIds(StepContext ctx, Element root) {
        for (var useId : ctx.instruction.useIds()) {
            Substitution.replace(root, useId.symbol(), ctx.linker.useId(useId));
        }
    }

    /** ProvideAndRegisterDocumentSetRequest: the 3.0 SubmitObjectsRequest, then one Document per file. */
    private Element provideAndRegister(StepContext ctx, Element sor, List<SoapClient.Attachment> attachments)
            throws IOException {
        var doc = Xml.newDocument();
        var pnr = doc.createElementNS(XDSB, "xdsb:ProvideAndRegisterDocumentSetRequest");
        pnr.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xop", SoapClient.XOP);
        doc.appendChild(pnr);
        var imported = (Element) doc.importNode(sor, true);
        pnr.appendChild(imported);
        var uuids = ctx.log.assigned.getOrDefault(StepLog.UUIDS, Map.of());
        int n = 0;
        for (var entry : ctx.instruction.documents().entrySet()) {
            var id = uuids.getOrDefault(entry.getKey(), entry.getKey());
            var file = ctx.section.dir().resolve(entry.getValue());
            var content = Files.readAllBytes(file);
            var cid = "document" + (++n) + "@qiao.nist";
            var document = doc.createElementNS(XDSB, "xdsb:Document");
            document.setAttribute("id", id);
            var include = doc.createElementNS(SoapClient.XOP, "xop:Include");
            include.setAttribute("href", "cid:" + cid);
            document.appendChild(include);
            pnr.appendChild(document);
            attachments.add(new SoapClient.Attachment(cid, "application/octet-stream", content));
            remember(ctx, imported, id, content, entry.getValue());
        }
        return pnr;
    }

    /** Keeps the bytes under the DocumentEntry's uniqueId, to compare with what a retrieve returns. */
    private static void remember(StepContext ctx, Element sor, String entryId, byte[] content, String file) {
        Xml.descendants(sor, "ExtrinsicObject").stream().filter(eo -> entryId.equals(eo.getAttribute("id")))
                .findFirst().ifPresent(eo -> {
                    var uid = QueryMetadata.uniqueId(eo);
                    if (uid != null) {
                        ctx.run.submitted(new RunState.SubmittedDocument(uid, Xml.attr(eo, "mimeType"), content,
                                ctx.section.key() + "/" + file));
                    }
                });
    }

    private static Map<String, String> nonEmpty(Map<String, String> values) {
        var out = new java.util.LinkedHashMap<String, String>();
        values.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
