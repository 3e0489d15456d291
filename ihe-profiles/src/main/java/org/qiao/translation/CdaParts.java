package org.qiao.translation;

import java.time.format.DateTimeFormatter;

/** Header parts every generated document shares: dates, patient, author and custodian (the sending facility). */
final class CdaParts {

    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private CdaParts() {
    }

    /** title, effectiveTime (now), confidentiality N, language zh-CN: what follows the code. */
    static void titleAndDates(StringBuilder x, String title, LabReportCda.Context c) {
        x.append("  <title>").append(Xml.text(title)).append("</title>\n")
                .append("  <effectiveTime value=\"").append(c.created().format(TS)).append("\"/>\n")
                .append("  <confidentialityCode code=\"N\" codeSystem=\"2.16.840.1.113883.5.25\"/>\n")
                .append("  <languageCode code=\"zh-CN\"/>\n");
    }

    /** recordTarget with the regional id and the hospital's own id, name, sex and birth date. */
    static void recordTarget(StringBuilder x, LabReportCda.Context c, String name, String sex, String birthDate) {
        x.append("  <recordTarget>\n    <patientRole>\n")
                .append("      <id root=\"").append(Xml.attr(c.regionalOid())).append("\" extension=\"").append(Xml.attr(c.regionalId())).append("\"/>\n")
                .append("      <id root=\"").append(Xml.attr(c.localOid())).append("\" extension=\"").append(Xml.attr(c.localId())).append("\"/>\n")
                .append("      <patient>\n        <name>").append(Xml.text(name)).append("</name>\n")
                .append("        <administrativeGenderCode code=\"").append(LabReportCda.gender(sex))
                .append("\" codeSystem=\"2.16.840.1.113883.5.1\"/>\n");
        if (birthDate != null && birthDate.matches("\\d{4,14}")) {
            x.append("        <birthTime value=\"").append(birthDate).append("\"/>\n");
        }
        x.append("      </patient>\n    </patientRole>\n  </recordTarget>\n");
    }

    /** author (the facility, with the person when known) and custodian (the facility). */
    static void authorAndCustodian(StringBuilder x, LabReportCda.Context c, String time, String personName) {
        x.append("  <author>\n    <time value=\"").append(Xml.attr(time)).append("\"/>\n")
                .append("    <assignedAuthor>\n      <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n");
        if (personName != null) {
            x.append("      <assignedPerson><name>").append(Xml.text(personName)).append("</name></assignedPerson>\n");
        }
        x.append("      <representedOrganization>\n        <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(Xml.text(c.facilityName())).append("</name>\n")
                .append("      </representedOrganization>\n    </assignedAuthor>\n  </author>\n")
                .append("  <custodian>\n    <assignedCustodian>\n      <representedCustodianOrganization>\n")
                .append("        <id root=\"").append(Xml.attr(c.facilityOid())).append("\"/>\n")
                .append("        <name>").append(Xml.text(c.facilityName())).append("</name>\n")
                .append("      </representedCustodianOrganization>\n    </assignedCustodian>\n  </custodian>\n");
    }

    /** A narrative section: code, title, and the text as paragraphs (one per line). */
    static void textSection(StringBuilder x, String code, String codeSystem, String codeSystemName, String displayName,
                            String title, String text) {
        x.append("      <component>\n        <section>\n")
                .append("          <code code=\"").append(Xml.attr(code)).append("\" codeSystem=\"").append(Xml.attr(codeSystem))
                .append("\" codeSystemName=\"").append(Xml.attr(codeSystemName)).append("\" displayName=\"")
                .append(Xml.attr(displayName)).append("\"/>\n")
                .append("          <title>").append(Xml.text(title)).append("</title>\n          <text>\n");
        for (var line : text.split("\n")) {
            if (!line.isBlank()) {
                x.append("            <paragraph>").append(Xml.text(line.strip())).append("</paragraph>\n");
            }
        }
        x.append("          </text>\n        </section>\n      </component>\n");
    }
}
