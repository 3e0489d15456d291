package org.qiao.translation;

import java.util.Map;

/**
 * Writes the discharge data of an ADT^A03 as a CDA R2 discharge summary (LOINC 18842-5). Steps:
 * <ol>
 *   <li>header as every generated document; the attending doctor (PV1-7) as the author's person;</li>
 *   <li>the stay as componentOf/encompassingEncounter: visit number (PV1-19), admission (PV1-44) to discharge
 *       (PV1-45), discharge disposition (PV1-36, HL7 table 0112);</li>
 *   <li>sections: hospital course (LOINC 8648-8, the dates and disposition in words), discharge diagnoses
 *       (LOINC 11535-2, one coded observation per DG1) and procedures (LOINC 47519-4, one procedure per PR1)
 *       when the message has them.</li>
 * </ol>
 */
public final class DischargeSummaryCda {

    /** HL7 table 0112, the common values, for the readable text. */
    private static final Map<String, String> DISPOSITIONS = Map.of("01", "出院回家", "02", "转其他短期医院",
            "03", "转护理机构", "04", "转中级护理机构", "07", "自动出院", "20", "死亡");

    private DischargeSummaryCda() {
    }

    public static String write(Discharge d, LabReportCda.Context c) {
        var x = new StringBuilder(4096);
        x.append(c.header().open("discharge", c.documentUniqueId()));
        CdaParts.titleAndDates(x, "出院小结", c);
        CdaParts.recordTarget(x, c, Xml.nz(d.familyName()) + Xml.nz(d.givenName()), d.sex(), d.birthDate());
        CdaParts.authorAndCustodian(x, c, LabReportCda.ts(d.discharged(), c), d.attending());
        x.append("  <componentOf>\n    <encompassingEncounter>\n");
        if (d.visitNumber() != null) {
            x.append("      <id root=\"").append(Xml.attr(c.facilityOid())).append("\" extension=\"")
                    .append(Xml.attr(d.visitNumber())).append("\"/>\n");
        }
        x.append("      <effectiveTime>\n");
        if (d.admitted() != null) {
            x.append("        <low value=\"").append(Xml.attr(LabReportCda.ts(d.admitted(), c))).append("\"/>\n");
        }
        x.append("        <high value=\"").append(Xml.attr(LabReportCda.ts(d.discharged(), c))).append("\"/>\n")
                .append("      </effectiveTime>\n");
        if (d.disposition() != null) {
            x.append("      <dischargeDispositionCode code=\"").append(Xml.attr(d.disposition()))
                    .append("\" codeSystem=\"2.16.840.1.113883.12.112\"/>\n");
        }
        x.append("    </encompassingEncounter>\n  </componentOf>\n")
                .append("  <component>\n    <structuredBody>\n");
        var course = new StringBuilder();
        if (d.admitted() != null) {
            course.append("入院日期：").append(day(d.admitted())).append('\n');
        }
        course.append("出院日期：").append(day(d.discharged())).append('\n');
        if (d.disposition() != null) {
            course.append("离院方式：").append(DISPOSITIONS.getOrDefault(d.disposition(), d.disposition())).append('\n');
        }
        CdaParts.textSection(x, "8648-8", "2.16.840.1.113883.6.1", "LOINC", "Hospital course", "住院经过", course.toString());
        if (!d.diagnoses().isEmpty()) {
            section(x, "11535-2", "Hospital discharge Dx", "出院诊断");
            list(x, d.diagnoses());
            for (var dg : d.diagnoses()) {
                x.append("          <entry>\n            <observation classCode=\"OBS\" moodCode=\"EVN\">\n")
                        .append("              <code code=\"29308-4\" codeSystem=\"2.16.840.1.113883.6.1\" codeSystemName=\"LOINC\" displayName=\"Diagnosis\"/>\n")
                        .append("              <statusCode code=\"completed\"/>\n")
                        .append("              <value xsi:type=\"CD\"").append(coded(dg)).append("/>\n")
                        .append("            </observation>\n          </entry>\n");
            }
            x.append("        </section>\n      </component>\n");
        }
        if (!d.procedures().isEmpty()) {
            section(x, "47519-4", "History of Procedures", "手术及操作");
            list(x, d.procedures());
            for (var pr : d.procedures()) {
                x.append("          <entry>\n            <procedure classCode=\"PROC\" moodCode=\"EVN\">\n")
                        .append("              <code").append(coded(pr)).append("/>\n")
                        .append("              <statusCode code=\"completed\"/>\n");
                if (pr.typeOrTime() != null && pr.typeOrTime().matches("\\d{8,14}.*")) {
                    x.append("              <effectiveTime value=\"").append(Xml.attr(LabReportCda.ts(pr.typeOrTime(), c))).append("\"/>\n");
                }
                x.append("            </procedure>\n          </entry>\n");
            }
            x.append("        </section>\n      </component>\n");
        }
        x.append("    </structuredBody>\n  </component>\n</ClinicalDocument>\n");
        return x.toString();
    }

    private static void section(StringBuilder x, String loinc, String display, String title) {
        x.append("      <component>\n        <section>\n")
                .append("          <code code=\"").append(loinc).append("\" codeSystem=\"2.16.840.1.113883.6.1\" codeSystemName=\"LOINC\" displayName=\"")
                .append(display).append("\"/>\n")
                .append("          <title>").append(title).append("</title>\n");
    }

    private static void list(StringBuilder x, java.util.List<Discharge.Coded> items) {
        x.append("          <text>\n            <list>\n");
        for (var i : items) {
            x.append("              <item>").append(Xml.text(Xml.nz(i.text()).isEmpty() ? i.code() : i.text()))
                    .append(i.code() == null ? "" : "（" + Xml.text(i.code()) + "）").append("</item>\n");
        }
        x.append("            </list>\n          </text>\n");
    }

    private static String coded(Discharge.Coded c) {
        return (c.code() == null ? " nullFlavor=\"UNK\"" : " code=\"" + Xml.attr(c.code()) + "\" codeSystem=\""
                + Xml.attr(LabReportCda.codeSystemOid(c.codeSystem() == null ? "I10" : c.codeSystem())) + "\"")
                + (c.text() == null ? "" : " displayName=\"" + Xml.attr(c.text()) + "\"");
    }

    private static String day(String hl7) {
        return hl7.length() >= 8 ? hl7.substring(0, 4) + "-" + hl7.substring(4, 6) + "-" + hl7.substring(6, 8) : hl7;
    }
}
