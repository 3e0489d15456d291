package org.qiao.pdq.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import org.qiao.pix.Demographics;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.v2.V2;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes an ITI-21 RSP^K22 answer (AA) straight as HL7 v2 text, the same text HAPI's model and encoder give
 * (MSH as {@code AbstractMessage.fillResponseHeader} fills it, then MSA, QAK, the QPD echoed, one PID per person,
 * DSC). Building that answer through HAPI's model and encoding it was two fifths of a query's CPU (bench/PROFILE.md).
 * Only for requests with the standard delimiters {@code |^~\&}: the QPD is echoed as the request encodes it.
 */
final class RspK22Text {

    /** As HAPI's CommonTS writes MSH-7 (local time, milliseconds, offset). */
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSxx");

    /** One person of the answer: the identifiers shown and the demographics of the matching record. */
    record Person(List<Identifier> ids, Demographics demographics) {
    }

    private RspK22Text() {
    }

    /** Whether the request uses the delimiters this writer writes. */
    static boolean canWrite(Message request) throws HL7Exception {
        var msh = (Segment) request.get("MSH");
        return "|".equals(V2.get(msh, 1, 1)) && "^~\\&".equals(V2.get(msh, 2, 1));
    }

    /**
     * @param hits      all persons the query matched (QAK-4)
     * @param remaining matched persons after this page (QAK-6)
     * @param pointer   continuation pointer for the next page, or null
     */
    static String write(Message request, Segment qpd, List<Person> persons, int hits, int remaining, String pointer,
                        IdentityDomains domains) throws HL7Exception, IOException {
        var msh = (Segment) request.get("MSH");
        var out = new StringBuilder(512 + 400 * persons.size());
        out.append("MSH|^~\\&|");
        field(out, V2.get(msh, 5, 1)).append('|');
        field(out, V2.get(msh, 6, 1)).append('|');
        field(out, V2.get(msh, 3, 1)).append('|');
        field(out, V2.get(msh, 4, 1)).append('|');
        out.append(ZonedDateTime.now().format(TS)).append("||RSP^K22^RSP_K21|");
        field(out, request.getParser().getParserConfiguration().getIdGenerator().getID()).append('|');
        field(out, V2.get(msh, 11, 1)).append('|');
        field(out, V2.get(msh, 12, 1));
        var charset = V2.get(msh, 18, 1);
        if (charset != null) {
            out.append("||||||");
            field(out, charset);
        }
        out.append("\rMSA|AA|");
        field(out, V2.get(msh, 10, 1));
        out.append("\rQAK|");
        field(out, V2.get(qpd, 2, 1)).append(hits == 0 ? "|NF" : "|OK");
        if (hits > 0) {
            out.append("||").append(hits).append('|').append(persons.size()).append('|').append(remaining);
        }
        out.append('\r').append(qpd.encode()).append('\r');
        for (int i = 0; i < persons.size(); i++) {
            pid(out, i + 1, persons.get(i), domains);
        }
        if (pointer != null) {
            out.append("DSC|");
            field(out, pointer).append("|I\r");
        }
        return out.toString();
    }

    /** PID-1, -3 (id^^^namespace&oid&ISO^PI each), -5, -7, -8, -11, -13, -18, as the model path fills them. */
    private static void pid(StringBuilder out, int setId, Person p, IdentityDomains domains) {
        var d = p.demographics();
        var fields = new String[19];
        fields[1] = String.valueOf(setId);
        var ids = new StringBuilder();
        for (var id : p.ids()) {
            var domain = domains.byCode(id.domain()).orElseThrow();
            if (!ids.isEmpty()) {
                ids.append('~');
            }
            escape(ids, id.value()).append("^^^");
            escape(ids, domain.namespace()).append('&');
            escape(ids, domain.oid()).append("&ISO^PI");
        }
        fields[3] = ids.toString();
        // every repetition as fed, in order, XPN-7 / XPN-8 included (HL7 v2.5 2.A.89; ITI TF-2a 3.21.4.2.2.8
        // returns the demographics held); stored encoded with this writer's delimiters
        fields[5] = String.join("~", d.allNames());
        fields[7] = components(d.birthDate());
        fields[8] = components(d.sex());
        fields[11] = String.join("~", d.allAddresses());
        fields[13] = String.join("~", d.allPhones());
        fields[18] = components(d.accountNumber());
        int last = fields.length - 1;
        while (last > 1 && (fields[last] == null || fields[last].isEmpty())) {
            last--;
        }
        out.append("PID");
        for (int f = 1; f <= last; f++) {
            out.append('|');
            if (fields[f] != null) {
                out.append(fields[f]);
            }
        }
        out.append('\r');
    }

    /** Components joined by ^, escaped, without trailing empty ones (as HAPI encodes). */
    private static String components(String... values) {
        return EncodedField.of(values);
    }

    private static StringBuilder field(StringBuilder out, String value) {
        return value == null ? out : escape(out, value);
    }

    /** HL7 escape sequences for the delimiters and line breaks in a value (HL7 v2.5 2.7.1). */
    static StringBuilder escape(StringBuilder out, String value) {
        return EncodedField.escape(out, value);
    }
}
