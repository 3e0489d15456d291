package org.qiao.translation;

import java.time.format.DateTimeFormatter;

/**
 * Writes a {@link ClinicalNote} as a CDA R2 document whose body is the hospital's own content
 * (nonXMLBody): the embedded file as base64 with its media type, or the text as text/plain. Discharge
 * summaries (TXA-2 = DS) are coded LOINC 18842-5, other notes 11506-3.
 */
public final class ClinicalNoteCda {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private ClinicalNoteCda() {
    }

    public static String write(ClinicalNote n, LabReportCda.Context c) {
        var title = n.dischargeSummary() ? "出院小结" : "临床文档";
        var x = new StringBuilder(1024 + (n.base64() == null ? 0 : n.base64().length()));
        x.append(c.header().open(n.dischargeSummary() ? "discharge-note" : "note", c.documentUniqueId()))
                .append("  <title>").append(title).append("</title>\n")
                .append("  <effectiveTime value=\"").append(c.created().format(TS)).append("\"/>\n")
                .append("  <confidentialityCode code=\"N\" codeSystem=\"2.16.840.1.113883.5.25\"/>\n")
                .append("  <languageCode code=\"zh-CN\"/>\n")
                .append("  <recordTarget>\n    <patientRole>\n")
                .append("      <id root=\"").append(Xml.attr(c.regionalOid())).append("\" extension=\"").append(Xml.attr(c.regionalId())).append("\"/>\n")
                .append("      <id root=\"").append(Xml.attr(c.localOid())).append("\" extension=\"").append(Xml.attr(c.localId())).append("\"/>\n")
                .append("      <patient>\n        <name>").append(Xml.text(Xml.nz(n.familyName()) + Xml.nz(n.givenName()))).append("</name>\n")
                .append("        <administrativeGenderCode code=\"").append("M".equals(n.sex()) || "F".equals(n.sex()) ? n.sex() : "UN")
                .append("\" codeSystem=\"2.16.840.1.113883.5.1\"/>\n");
        if (n.birthDate() != null) {
            x.append("        <birthTime value=\"").append(Xml.attr(n.birthDate())).append("\"/>\n");
        }
        x.append("      </patient>\n    </patientRole>\n  </recordTarget>\n")
                .append("  <author>\n    <time value=\"").append(c.created().format(TS)).append("\"/>\n")
                .append("    <assignedAuthor>\n      <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n");
        if (n.authorName() != null) {
            x.append("      <assignedPerson><name>").append(Xml.text(n.authorName())).append("</name></assignedPerson>\n");
        }
        x.append("      <representedOrganization>\n        <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(Xml.text(c.facilityName())).append("</name>\n")
                .append("      </representedOrganization>\n    </assignedAuthor>\n  </author>\n")
                .append("  <custodian>\n    <assignedCustodian>\n      <representedCustodianOrganization>\n")
                .append("        <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(Xml.text(c.facilityName())).append("</name>\n")
                .append("      </representedCustodianOrganization>\n    </assignedCustodian>\n  </custodian>\n")
                .append("  <component>\n    <nonXMLBody>\n");
        if (n.base64() != null) {
            x.append("      <text mediaType=\"").append(Xml.attr(n.mediaType())).append("\" representation=\"B64\">")
                    .append(n.base64().replaceAll("\\s", "")).append("</text>\n");
        } else {
            x.append("      <text mediaType=\"text/plain\">").append(Xml.text(n.text())).append("</text>\n");
        }
        x.append("    </nonXMLBody>\n  </component>\n</ClinicalDocument>\n");
        return x.toString();
    }
}
