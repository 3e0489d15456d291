package org.qiao.translation;

import java.util.ArrayList;

/**
 * Writes an exam report (ORU^R01 from a RIS or exam system, see {@link LabReport#exam()}) as a CDA R2
 * diagnostic imaging report (LOINC 18748-4). Steps:
 * <ol>
 *   <li>header as every generated document (patient, facility as author and custodian, ordering provider);</li>
 *   <li>the exam itself (OBR-4) as documentationOf/serviceEvent with the observation time;</li>
 *   <li>the report text split into the two sections readers look for: impression (DICOM 121073) from the OBX
 *       whose observation id names it (&amp;IMP, IMP, 印象, 诊断, 意见, 结论), findings (DICOM 121070) from
 *       all other OBX.</li>
 * </ol>
 */
public final class ExamReportCda {

    private ExamReportCda() {
    }

    public static String write(LabReport r, LabReportCda.Context c) {
        var findings = new ArrayList<String>();
        var impression = new ArrayList<String>();
        for (var o : r.observations()) {
            if (o.value() == null) {
                continue;
            }
            (impression(o) ? impression : findings).add(o.value());
        }
        var title = "检查报告" + (r.serviceText() == null ? "" : "：" + r.serviceText());
        var time = LabReportCda.ts(r.observationTime(), c);
        var x = new StringBuilder(4096);
        x.append(c.header().open("exam", c.documentUniqueId()));
        CdaParts.titleAndDates(x, title, c);
        CdaParts.recordTarget(x, c, Xml.nz(r.familyName()) + Xml.nz(r.givenName()), r.sex(), r.birthDate());
        CdaParts.authorAndCustodian(x, c, time, null);
        if (r.orderingProvider() != null) {
            x.append("  <participant typeCode=\"REF\">\n    <associatedEntity classCode=\"PROV\">\n")
                    .append("      <associatedPerson><name>").append(Xml.text(r.orderingProvider()))
                    .append("</name></associatedPerson>\n    </associatedEntity>\n  </participant>\n");
        }
        x.append("  <documentationOf>\n    <serviceEvent classCode=\"ACT\">\n");
        if (r.serviceCode() != null) {
            x.append("      <code code=\"").append(Xml.attr(r.serviceCode())).append("\" codeSystem=\"2.16.156.10011.0.99.9\"")
                    .append(r.serviceText() == null ? "" : " displayName=\"" + Xml.attr(r.serviceText()) + "\"").append("/>\n");
        }
        x.append("      <effectiveTime value=\"").append(Xml.attr(time)).append("\"/>\n")
                .append("    </serviceEvent>\n  </documentationOf>\n")
                .append("  <component>\n    <structuredBody>\n");
        if (!findings.isEmpty()) {
            CdaParts.textSection(x, "121070", "1.2.840.10008.2.16.4", "DCM", "Findings", "检查所见", String.join("\n", findings));
        }
        if (!impression.isEmpty()) {
            CdaParts.textSection(x, "121073", "1.2.840.10008.2.16.4", "DCM", "Impression", "诊断意见", String.join("\n", impression));
        }
        x.append("    </structuredBody>\n  </component>\n</ClinicalDocument>\n");
        return x.toString();
    }

    /** Whether an OBX carries the impression (conclusion) rather than findings. */
    static boolean impression(LabReport.Observation o) {
        var id = (Xml.nz(o.code()) + " " + Xml.nz(o.text())).toUpperCase();
        return id.contains("IMP") || id.contains("印象") || id.contains("诊断") || id.contains("意见") || id.contains("结论")
                || id.contains("121073");
    }
}
