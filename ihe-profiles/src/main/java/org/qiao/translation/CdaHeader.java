package org.qiao.translation;

import java.util.Map;

/**
 * How the first lines of every generated CDA look in a region: realm, the document id's form, and per kind of
 * document its templateId and document type code. Two profiles come with Qiao ({@code qiao.translation.cda-header}):
 * {@code ihe} (LOINC document codes, IHE templates) and {@code wst500} (Chinese WS/T 500-style: document type
 * codes C00nn of 2.16.156.10011.2.4, templates 2.16.156.10011.2.1.1.x, document ids under 2.16.156.10011.1.1);
 * the values are configuration, so a region corrects or extends them without a new build.
 *
 * @param realmCode      realmCode/@code
 * @param documentIdRoot when set, the document id is root=this, extension=the XDS uniqueId; else root=the uniqueId
 * @param documents      by document name (lab, exam, note, discharge-note, discharge): template and code
 */
public record CdaHeader(String realmCode, String documentIdRoot, Map<String, DocumentCode> documents) {

    /** templateId (may be empty) and ClinicalDocument/code of one kind of document. */
    public record DocumentCode(String templateId, String code, String codeSystem, String codeSystemName,
                               String displayName) {
    }

    /** The IHE profile: LOINC codes, the IHE templates where Qiao follows one (XD-LAB). */
    public static CdaHeader ihe() {
        return new CdaHeader("CN", null, Map.of(
                "lab", loinc("1.3.6.1.4.1.19376.1.3.3", "11502-2", "Laboratory report"),
                "exam", loinc(null, "18748-4", "Diagnostic imaging study"),
                "note", loinc(null, "11506-3", "Progress note"),
                "discharge-note", loinc(null, "18842-5", "Discharge summary"),
                "discharge", loinc(null, "18842-5", "Discharge summary")));
    }

    private static DocumentCode loinc(String template, String code, String display) {
        return new DocumentCode(template, code, "2.16.840.1.113883.6.1", "LOINC", display);
    }

    /**
     * The opening of a ClinicalDocument up to and including its code: realmCode, typeId, templateId, id, code.
     * A document kind the profile does not name falls back to the IHE profile's code for it.
     */
    public String open(String document, String uniqueId) {
        var d = documents.getOrDefault(document, ihe().documents().get(document));
        var x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n")
                .append("  <realmCode code=\"").append(Xml.attr(realmCode)).append("\"/>\n")
                .append("  <typeId root=\"2.16.840.1.113883.1.3\" extension=\"POCD_HD000040\"/>\n");
        if (d.templateId() != null && !d.templateId().isBlank()) {
            x.append("  <templateId root=\"").append(Xml.attr(d.templateId())).append("\"/>\n");
        }
        if (documentIdRoot == null || documentIdRoot.isBlank()) {
            x.append("  <id root=\"").append(Xml.attr(uniqueId)).append("\"/>\n");
        } else {
            x.append("  <id root=\"").append(Xml.attr(documentIdRoot)).append("\" extension=\"")
                    .append(Xml.attr(uniqueId)).append("\"/>\n");
        }
        x.append("  <code code=\"").append(Xml.attr(d.code())).append("\" codeSystem=\"").append(Xml.attr(d.codeSystem()))
                .append("\"");
        if (d.codeSystemName() != null) {
            x.append(" codeSystemName=\"").append(Xml.attr(d.codeSystemName())).append("\"");
        }
        if (d.displayName() != null) {
            x.append(" displayName=\"").append(Xml.attr(d.displayName())).append("\"");
        }
        return x.append("/>\n").toString();
    }
}
