package org.qiao.translation;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes a {@link LabReport} as an HL7 CDA R2 laboratory report (IHE XD-LAB shape, Chinese realm header):
 * <ol>
 *   <li>header: realm CN, document id (the XDS uniqueId), LOINC 11502-2, confidentiality, language zh-CN;</li>
 *   <li>recordTarget: the regional id and the hospital's own id, name, sex, birth date;</li>
 *   <li>author and custodian: the sending facility; the ordering provider as a participant when given;</li>
 *   <li>one section (LOINC 30954-2) with a human-readable table and one coded observation entry per OBX:
 *       numeric values as PQ with their unit, others as ST; reference range and abnormal flag.</li>
 * </ol>
 */
public final class LabReportCda {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    /** Where the document comes from and whom it is about. */
    public record Context(String documentUniqueId, String regionalId, String regionalOid, String localId,
                          String localOid, String facilityOid, String facilityName, ZonedDateTime created,
                          CdaHeader header) {
    }

    private LabReportCda() {
    }

    public static String write(LabReport r, Context c) {
        var x = new StringBuilder(4096);
        x.append(c.header().open("lab", c.documentUniqueId()))
                .append("  <title>检验报告").append(r.serviceText() == null ? "" : "：" + text(r.serviceText())).append("</title>\n")
                .append("  <effectiveTime value=\"").append(c.created().format(TS)).append("\"/>\n")
                .append("  <confidentialityCode code=\"N\" codeSystem=\"2.16.840.1.113883.5.25\"/>\n")
                .append("  <languageCode code=\"zh-CN\"/>\n")
                .append("  <recordTarget>\n    <patientRole>\n")
                .append("      <id root=\"").append(attr(c.regionalOid())).append("\" extension=\"").append(attr(c.regionalId())).append("\"/>\n")
                .append("      <id root=\"").append(attr(c.localOid())).append("\" extension=\"").append(attr(c.localId())).append("\"/>\n")
                .append("      <patient>\n")
                .append("        <name>").append(text(nz(r.familyName()) + nz(r.givenName()))).append("</name>\n")
                .append("        <administrativeGenderCode code=\"").append(attr(gender(r.sex())))
                .append("\" codeSystem=\"2.16.840.1.113883.5.1\"/>\n");
        if (r.birthDate() != null) {
            x.append("        <birthTime value=\"").append(attr(r.birthDate())).append("\"/>\n");
        }
        x.append("      </patient>\n    </patientRole>\n  </recordTarget>\n")
                .append("  <author>\n    <time value=\"").append(attr(ts(r.observationTime(), c))).append("\"/>\n")
                .append("    <assignedAuthor>\n      <id root=\"").append(attr(c.facilityOid())).append("\"/>\n")
                .append("      <representedOrganization>\n        <id root=\"").append(attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(text(c.facilityName())).append("</name>\n")
                .append("      </representedOrganization>\n    </assignedAuthor>\n  </author>\n")
                .append("  <custodian>\n    <assignedCustodian>\n      <representedCustodianOrganization>\n")
                .append("        <id root=\"").append(attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(text(c.facilityName())).append("</name>\n")
                .append("      </representedCustodianOrganization>\n    </assignedCustodian>\n  </custodian>\n");
        if (r.orderingProvider() != null) {
            x.append("  <participant typeCode=\"REF\">\n    <associatedEntity classCode=\"PROV\">\n")
                    .append("      <associatedPerson><name>").append(text(r.orderingProvider()))
                    .append("</name></associatedPerson>\n    </associatedEntity>\n  </participant>\n");
        }
        x.append("  <documentationOf>\n    <serviceEvent>\n      <effectiveTime value=\"")
                .append(attr(ts(r.observationTime(), c))).append("\"/>\n    </serviceEvent>\n  </documentationOf>\n")
                .append("  <component>\n    <structuredBody>\n      <component>\n        <section>\n")
                .append("          <code code=\"30954-2\" codeSystem=\"2.16.840.1.113883.6.1\" codeSystemName=\"LOINC\"/>\n")
                .append("          <title>").append(text(nz(r.serviceText()).isEmpty() ? "检验结果" : r.serviceText())).append("</title>\n")
                .append("          <text>\n            <table border=\"1\">\n")
                .append("              <thead><tr><th>项目</th><th>结果</th><th>单位</th><th>参考范围</th><th>提示</th></tr></thead>\n")
                .append("              <tbody>\n");
        for (var o : r.observations()) {
            x.append("                <tr><td>").append(text(nz(o.text()).isEmpty() ? o.code() : o.text()))
                    .append("</td><td>").append(text(o.value())).append("</td><td>").append(text(o.unit()))
                    .append("</td><td>").append(text(o.referenceRange())).append("</td><td>").append(text(o.abnormalFlag()))
                    .append("</td></tr>\n");
        }
        x.append("              </tbody>\n            </table>\n          </text>\n");
        for (var o : r.observations()) {
            x.append("          <entry typeCode=\"DRIV\">\n            <observation classCode=\"OBS\" moodCode=\"EVN\">\n")
                    .append("              <code code=\"").append(attr(o.code())).append("\"")
                    .append(o.codeSystem() == null ? "" : " codeSystemName=\"" + attr(o.codeSystem()) + "\"")
                    .append(" codeSystem=\"").append(attr(codeSystemOid(o.codeSystem()))).append("\"")
                    .append(o.text() == null ? "" : " displayName=\"" + attr(o.text()) + "\"").append("/>\n")
                    .append("              <statusCode code=\"completed\"/>\n")
                    .append("              <effectiveTime value=\"").append(attr(ts(r.observationTime(), c))).append("\"/>\n")
                    .append(value(o));
            if (o.abnormalFlag() != null) {
                x.append("              <interpretationCode code=\"").append(attr(o.abnormalFlag()))
                        .append("\" codeSystem=\"2.16.840.1.113883.5.83\"/>\n");
            }
            if (o.referenceRange() != null) {
                x.append("              <referenceRange>\n                <observationRange>\n                  <text>")
                        .append(text(o.referenceRange())).append("</text>\n                </observationRange>\n")
                        .append("              </referenceRange>\n");
            }
            x.append("            </observation>\n          </entry>\n");
        }
        x.append("        </section>\n      </component>\n    </structuredBody>\n  </component>\n</ClinicalDocument>\n");
        return x.toString();
    }

    private static String value(LabReport.Observation o) {
        if (("NM".equals(o.valueType()) || "SN".equals(o.valueType())) && o.value() != null
                && o.value().matches("[-+]?\\d+(\\.\\d+)?")) {
            return "              <value xsi:type=\"PQ\" value=\"" + attr(o.value()) + "\" unit=\""
                    + attr(o.unit() == null || o.unit().isBlank() ? "1" : o.unit()) + "\"/>\n";
        }
        return "              <value xsi:type=\"ST\">" + text(o.value()) + "</value>\n";
    }

    /**
     * LOINC and ICD by their HL7 v2 names (table 0396), OIDs as they are; local code systems keep a local marker
     * (regions map them to their own OIDs).
     */
    static String codeSystemOid(String system) {
        if (system == null || system.equalsIgnoreCase("LN") || system.equalsIgnoreCase("LOINC")) {
            return "2.16.840.1.113883.6.1";
        }
        return switch (system.toUpperCase()) {
            case "I10", "ICD10", "ICD-10" -> "2.16.840.1.113883.6.3";
            case "I9C", "ICD9CM", "ICD-9-CM" -> "2.16.840.1.113883.6.103";
            case "I9CP", "ICD9CMP" -> "2.16.840.1.113883.6.104";
            case "DCM" -> "1.2.840.10008.2.16.4";
            default -> system.matches("\\d+(\\.\\d+)+") ? system : "2.16.156.10011.0.99.9";
        };
    }

    static String gender(String sex) {
        return sex == null ? "UN" : switch (sex) {
            case "M" -> "M";
            case "F" -> "F";
            default -> "UN";
        };
    }

    static String ts(String hl7, Context c) {
        return hl7 != null && hl7.matches("\\d{8,14}.*") ? hl7.replaceAll("[^0-9+\\-.]", "") : c.created().format(TS);
    }

    private static String nz(String s) {
        return Xml.nz(s);
    }

    private static String text(String s) {
        return Xml.text(s);
    }

    private static String attr(String s) {
        return Xml.attr(s);
    }
}
