package org.qiao.pdq.v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.message.RSP_K21;
import ca.uhn.hl7v2.util.Terser;
import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pdq.DemographicsSearchStore.DemographicsCriteria;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;
import org.qiao.pdq.DemographicsSearchStore.VisitCriteria;
import org.qiao.pdq.QueryContinuations;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.v2.V2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ITI-21 Patient Demographics Query (QBP^Q22 → RSP^K22, HL7 v2.5), ITI-22 Patient Demographics and Visit
 * Query (QBP^ZV1 → RSP^ZV2: the same, with visit parameters and a PV1 after each PID) and their cancel
 * (QCN^J01 → ACK^J01), answered from the patient index the PIX Manager keeps. Steps for a query (ITI TF-2a 3.21.4):
 * <ol>
 *   <li>check the envelope: QPD present, QPD-1 {@code IHE PDQ Query}, a query tag in QPD-2, RCP-1 I (or
 *       empty) and RCP-2 a positive count of {@code RD} (records); anything else → AE with an ERR locating it;</li>
 *   <li>resolve every QPD-8 domain; each unknown one → its own ERR at QPD^1^8^n, code 204, and AE;</li>
 *   <li>with DSC-1: continue the answer of the same consumer and query tag at the pointer (unknown → AE,
 *       ERR at DSC^1^1, 204);</li>
 *   <li>otherwise read the QPD-3 parameters ({@code @PID.5.1.1^SMITH~@PID.7.1^19700101}; an unsupported
 *       field → 103, a malformed value → 102, an unknown PID-3 domain → 204) and search the index;</li>
 *   <li>no match → AA, QAK-2 NF, no PID; more matches than RCP-2 → the first page, a DSC with the pointer
 *       to the next one, and the matches remembered in {@link QueryContinuations};</li>
 *   <li>each match → one PID: the person's active identifiers (only QPD-8's domains when given; persons
 *       with none there are not matches), and the demographics of its newest matching source record.</li>
 * </ol>
 */
public class PatientDemographicsQueryHandler {

    static final String QUERY_NAME = "IHE PDQ Query";

    private final DemographicsSearchStore search;
    private final PersonIndexStore index;
    private final IdentityDomains domains;
    private final QueryContinuations continuations;
    private final int maxResults;

    /**
     * @param maxResults at most this many persons are answered per query; a query matching more is refused
     *                   (AE), and the consumer narrows it
     */
    public PatientDemographicsQueryHandler(DemographicsSearchStore search, PersonIndexStore index,
                                           IdentityDomains domains, QueryContinuations continuations, int maxResults) {
        this.search = search;
        this.index = index;
        this.domains = domains;
        this.continuations = continuations;
        this.maxResults = maxResults;
    }

    /** Returns the encoded answer (RSP^K22, or ACK^J01 to a cancel); errors of the request are answered. */
    public String handle(Message request) throws HL7Exception, IOException {
        if ("QCN".equals(V2.get(msh(request), 9, 1))) {
            return cancel(request);
        }
        var qpd = present(V2.segment(request, "QPD"));
        try {
            return query(request, qpd);
        } catch (QueryErrors e) {
            return error(request, qpd, e.errors);
        }
    }

    private String query(Message request, Segment qpd) throws HL7Exception, IOException, QueryErrors {
        if (qpd == null) {
            throw new QueryErrors(V2.error("QPD segment missing", ErrorCode.SEGMENT_SEQUENCE_ERROR, "QPD", 0, 1, 0));
        }
        var name = V2.get(qpd, 1, 1);
        if (name == null) {
            throw new QueryErrors(V2.error("Query name (QPD-1) missing", ErrorCode.REQUIRED_FIELD_MISSING,
                    "QPD", 1, 1, 1));
        }
        if (!QUERY_NAME.equalsIgnoreCase(name)) {
            throw new QueryErrors(V2.error("Unknown query name '" + name + "'; this supplier answers '"
                    + QUERY_NAME + "'", ErrorCode.TABLE_VALUE_NOT_FOUND, "QPD", 1, 1, 1));
        }
        var queryTag = V2.get(qpd, 2, 1);
        if (queryTag == null) {
            throw new QueryErrors(V2.error("Query tag (QPD-2) missing", ErrorCode.REQUIRED_FIELD_MISSING,
                    "QPD", 2, 1, 1));
        }
        int pageSize = pageSize(present(V2.segment(request, "RCP")));
        var returned = returnedDomains(qpd);
        var consumer = consumer(request);

        var pointer = V2.get(V2.segment(request, "DSC"), 1, 1);
        if (pointer != null) {
            var page = continuations.find(consumer, queryTag, pointer).orElseThrow(() -> new QueryErrors(V2.error(
                    "Unknown or expired continuation pointer '" + pointer + "' for query tag " + queryTag,
                    ErrorCode.UNKNOWN_KEY_IDENTIFIER, "DSC", 1, 1, 1)));
            return answer(request, qpd, page.chain(), page.offset());
        }
        var criteria = criteria(qpd, returned, visits(request));
        var matches = search.findByDemographics(criteria, maxResults + 1);
        if (matches.size() > maxResults) {
            // the supplier returns all matches or none (ITI TF-2a 3.21.2): a query this wide must be narrowed
            throw new QueryErrors(V2.error("Too many matches: more than " + maxResults
                    + " persons match the query; narrow it", ErrorCode.APPLICATION_INTERNAL_ERROR, "QPD", 3, 1, 0));
        }
        var chain = pageSize > 0 && matches.size() > pageSize
                ? continuations.start(consumer, queryTag, matches, returned, pageSize)
                : new QueryContinuations.Chain(null, matches, returned, matches.size());
        return answer(request, qpd, chain, 0);
    }

    /**
     * The RSP^K22 (RSP^ZV2 for ITI-22) with the page of {@code chain} starting at {@code offset}. ITI-21 answers
     * are written as text ({@link RspK22Text}); ITI-22's, and requests with other delimiters, through HAPI's model.
     */
    private String answer(Message request, Segment qpd, QueryContinuations.Chain chain, int offset)
            throws HL7Exception, IOException {
        var matches = chain.matches();
        int end = Math.min(matches.size(), offset + Math.max(chain.pageSize(), 1));
        var persons = new ArrayList<RspK22Text.Person>();
        for (var match : matches.subList(offset, end)) {
            var person = shown(match, chain.returnedDomains());
            if (person != null) {
                persons.add(person);
            }
        }
        var pointer = end < matches.size() ? chain.pointer(end) : null;
        if (!visits(request) && RspK22Text.canWrite(request)) {
            return RspK22Text.write(request, qpd, persons, matches.size(), matches.size() - end, pointer, domains);
        }
        var rsp = response(request, qpd, AcknowledgmentCode.AA, matches.isEmpty() ? "NF" : "OK");
        var visits = new ArrayList<String>();
        for (int i = 0; i < persons.size(); i++) {
            writePid(rsp, i, persons.get(i));
            visits.add(pv1(request, persons.get(i).demographics()));
        }
        if (!matches.isEmpty()) {
            var qak = rsp.getQAK();
            qak.getHitCount().setValue(String.valueOf(matches.size()));
            qak.getThisPayload().setValue(String.valueOf(persons.size()));
            qak.getHitsRemaining().setValue(String.valueOf(matches.size() - end));
        }
        if (pointer != null) {
            rsp.getDSC().getContinuationPointer().setValue(pointer);
            rsp.getDSC().getContinuationStyle().setValue("I");
        }
        return visits(request) ? withVisits(rsp.encode(), visits) : rsp.encode();
    }

    /** ITI-22 (QBP^ZV1) asks for the visit too. */
    private static boolean visits(Message request) throws HL7Exception {
        return "ZV1".equals(V2.get(msh(request), 9, 2));
    }

    /**
     * The RSP^ZV2: each PID followed by its PV1 (HAPI has no RSP_ZV2 model, and IPF's is not on this
     * module's classpath, so the RSP_K21 text gets the PV1 segments spliced in).
     */
    private static String withVisits(String k22, List<String> pv1s) {
        var out = new StringBuilder();
        int pid = 0;
        for (var segment : k22.split("\r")) {
            out.append(segment).append('\r');
            if (segment.startsWith("PID") && pid < pv1s.size()) {
                out.append(pv1s.get(pid++)).append('\r');
            }
        }
        return out.toString();
    }

    /** PV1 of the record shown: class (N when no visit was fed), location, attending, visit number, times. */
    private static String pv1(Message request, org.qiao.pix.Demographics d) throws HL7Exception {
        var scratch = new ca.uhn.hl7v2.model.v25.message.ADT_A01();
        scratch.setParser(request.getParser());
        try {
            scratch.initQuickstart("ADT", "A01", "P"); // MSH-1/2: the encoding characters parse() needs
        } catch (IOException e) {
            throw new HL7Exception(e);
        }
        var pv1 = scratch.getPV1();
        pv1.getSetIDPV1().setValue("1");
        pv1.getPatientClass().setValue(d.patientClass() == null ? "N" : d.patientClass());
        if (d.location() != null) {
            pv1.getAssignedPatientLocation().parse(d.location());
        }
        if (d.attending() != null) {
            pv1.getAttendingDoctor(0).parse(d.attending());
        }
        set(pv1, 19, 1, 1, d.visitNumber());
        set(pv1, 44, 1, 1, d.admitTime());
        set(pv1, 45, 1, 1, d.dischargeTime());
        return pv1.encode();
    }

    /** The identifiers and demographics one match shows; null when the person has nothing to show. */
    private RspK22Text.Person shown(DemographicsMatch match, Set<String> returned) {
        // several ids of one domain in successive PID-3 repetitions, as ITI-9 (ITI TF-2a 3.9.4.2.2.6 Case 6)
        var ids = Identifier.groupedByDomain(index.activeIdentifiers(match.personId()).stream()
                .filter(id -> returned.isEmpty() || returned.contains(id.domain()))
                .toList());
        var record = index.record(match.recordId());
        if (ids.isEmpty() || record.isEmpty()) {
            return null; // merged away or retired since the query ran
        }
        return new RspK22Text.Person(ids, record.get().demographics());
    }

    /** Writes the PID of one person as repetition {@code rep}. */
    private void writePid(RSP_K21 rsp, int rep, RspK22Text.Person person) throws HL7Exception {
        var ids = person.ids();
        var d = person.demographics();
        var pid = rsp.getQUERY_RESPONSE(rep).getPID();
        pid.getSetIDPID().setValue(String.valueOf(rep + 1));
        for (int i = 0; i < ids.size(); i++) {
            V2.setCx(pid, 3, i, ids.get(i), domains);
            Terser.set(pid, 3, i, 5, 1, "PI");
        }
        // PID-5, -11, -13: every repetition as fed (HL7 v2.5 2.A.89 XPN; ITI TF-2a 3.21.4.2.2.8)
        setRepetitions(pid, 5, d.allNames());
        set(pid, 7, 1, 1, d.birthDate());
        set(pid, 8, 1, 1, d.sex());
        setRepetitions(pid, 11, d.allAddresses());
        setRepetitions(pid, 13, d.allPhones());
        set(pid, 18, 1, 1, d.accountNumber());
    }

    /**
     * Writes stored repetitions ({@link EncodedField}) into a field component by component, so the answer's own
     * delimiters are used.
     */
    private static void setRepetitions(Segment s, int field, List<String> repetitions) throws HL7Exception {
        for (int rep = 0; rep < repetitions.size(); rep++) {
            var components = repetitions.get(rep).split("\\^", -1);
            for (int c = 1; c <= components.length; c++) {
                int subs = components[c - 1].split("&", -1).length;
                for (int sub = 1; sub <= subs; sub++) {
                    var value = EncodedField.part(repetitions.get(rep), c, sub);
                    if (value != null) {
                        Terser.set(s, field, rep, c, sub, value);
                    }
                }
            }
        }
    }

    private static void set(Segment s, int field, int component, int sub, String value) throws HL7Exception {
        if (value != null) {
            Terser.set(s, field, 0, component, sub, value);
        }
    }

    /** RCP-2 as a record count; 0 means "all at once". */
    private static int pageSize(Segment rcp) throws HL7Exception, QueryErrors {
        if (rcp == null) {
            throw new QueryErrors(V2.error("RCP segment missing", ErrorCode.SEGMENT_SEQUENCE_ERROR, "RCP", 0, 1, 0));
        }
        var priority = V2.get(rcp, 1, 1);
        if (priority != null && !"I".equals(priority)) {
            // ITI TF-2a 3.21.4.1.2: the query is immediate; deferred answers are not offered
            throw new QueryErrors(V2.error("Query priority (RCP-1) must be I (immediate), not " + priority,
                    ErrorCode.TABLE_VALUE_NOT_FOUND, "RCP", 1, 1, 1));
        }
        var quantity = V2.get(rcp, 2, 1);
        var unit = V2.get(rcp, 2, 2);
        if (quantity == null) {
            return 0;
        }
        if (unit != null && !"RD".equals(unit)) {
            throw new QueryErrors(V2.error("Quantity unit (RCP-2.2) must be RD (records), not " + unit,
                    ErrorCode.TABLE_VALUE_NOT_FOUND, "RCP", 2, 1, 2));
        }
        try {
            int n = Integer.parseInt(quantity.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new QueryErrors(V2.error("Quantity limit (RCP-2.1) must be a positive number of records, not '"
                + quantity + "'", ErrorCode.DATA_TYPE_ERROR, "RCP", 2, 1, 1));
    }

    /** The QPD-8 domains by code; each unknown one is an error of its own (ITI TF-2a 3.21.4.1.2.2.2). */
    private Set<String> returnedDomains(Segment qpd) throws HL7Exception, QueryErrors {
        var codes = new LinkedHashSet<String>();
        var unknown = new ArrayList<HL7Exception>();
        int reps = qpd.getField(8).length;
        for (int rep = 0; rep < reps; rep++) {
            if (!V2.hasAuthority(qpd, 8, rep)) {
                continue;
            }
            try {
                // ERR-2 locates the repetition, QPD^1^8^n, no component (ITI TF-2a 3.21.4.2.2, unrecognised domain)
                codes.add(V2.domainOf(qpd, 8, rep, domains, "QPD", 0).code());
            } catch (HL7Exception e) {
                unknown.add(e);
            }
        }
        if (!unknown.isEmpty()) {
            throw new QueryErrors(unknown);
        }
        return codes;
    }

    /** Reads QPD-3: repetitions of {@code @PID.<field>[.<component>[.<sub>]]^value}. */
    private DemographicsCriteria criteria(Segment qpd, Set<String> returned, boolean visits)
            throws HL7Exception, QueryErrors {
        var values = new HashMap<String, String>();
        var repOf = new HashMap<String, Integer>();
        int reps = qpd.getField(3).length;
        for (int rep = 0; rep < reps; rep++) {
            var path = V2.get(qpd, 3, rep, 1, 1);
            var value = V2.get(qpd, 3, rep, 2, 1);
            if (path == null && value == null) {
                continue;
            }
            var supported = visits ? VISIT_FIELDS : FIELDS;
            var field = path == null ? null : supported.get(canonical(path));
            if (field == null) {
                throw new QueryErrors(V2.error("Unsupported query parameter '" + V2.nullToEmpty(path)
                        + "'; supported: " + String.join(", ", supported.keySet().stream().sorted().toList()),
                        ErrorCode.TABLE_VALUE_NOT_FOUND, "QPD", 3, rep + 1, 1));
            }
            if (value == null) {
                continue;
            }
            if (field.equals(BIRTH_DATE) && !value.trim().matches("\\d{8}(\\d*)([+-]\\d{4})?")) {
                throw new QueryErrors(V2.error("Birth date must be YYYYMMDD, not '" + value + "'",
                        ErrorCode.DATA_TYPE_ERROR, "QPD", 3, rep + 1, 2));
            }
            values.put(field, value.trim());
            repOf.put(field, rep + 1);
        }
        Identifier identifier = null;
        var idValue = values.get(ID_VALUE);
        var ns = values.get(ID_NAMESPACE);
        var oid = values.get(ID_OID);
        var type = values.get(ID_TYPE);
        if (ns != null || oid != null || type != null) {
            var domain = domains.resolve(ns, oid, type).map(IdentityDomain::code).orElseThrow(() -> new QueryErrors(
                    V2.error("Unknown assigning authority '" + V2.nullToEmpty(ns) + "&" + V2.nullToEmpty(oid) + "'",
                            ErrorCode.UNKNOWN_KEY_IDENTIFIER, "QPD", 3,
                            repOf.get(ns != null ? ID_NAMESPACE : oid != null ? ID_OID : ID_TYPE), 2)));
            if (idValue == null) {
                throw new QueryErrors(V2.error("An assigning authority (@PID.3.4) needs the identifier (@PID.3.1)",
                        ErrorCode.REQUIRED_FIELD_MISSING, "QPD", 3, 1, 1));
            }
            identifier = new Identifier(idValue, domain);
        } else if (idValue != null) {
            identifier = new Identifier(idValue, null);
        }
        var criteria = new DemographicsCriteria(values.get(FAMILY), values.get(GIVEN), values.get(BIRTH_DATE),
                values.get(SEX), values.get(STREET), values.get(CITY), values.get(POSTAL_CODE), values.get(PHONE),
                values.get(ACCOUNT), identifier, returned, new VisitCriteria(values.get(PATIENT_CLASS),
                        values.get(POINT_OF_CARE), values.get(ATTENDING), values.get(VISIT_NUMBER)));
        if (criteria.isEmpty()) {
            throw new QueryErrors(V2.error("No query parameter in QPD-3 (e.g. @PID.5.1.1^SMITH)",
                    ErrorCode.REQUIRED_FIELD_MISSING, "QPD", 3, 1, 1));
        }
        return criteria;
    }

    private static final String FAMILY = "family", GIVEN = "given", BIRTH_DATE = "birthDate", SEX = "sex",
            STREET = "street", CITY = "city", POSTAL_CODE = "postalCode", PHONE = "phone", ACCOUNT = "account",
            ID_VALUE = "id", ID_NAMESPACE = "idNamespace", ID_OID = "idOid", ID_TYPE = "idType",
            PATIENT_CLASS = "patientClass", POINT_OF_CARE = "pointOfCare", ATTENDING = "attending",
            VISIT_NUMBER = "visitNumber";

    /**
     * A QPD-3 field name ({@code @<seg>.<field>[.<component>[.<subcomponent>]]}, ITI TF-2a 3.21.4.1.2.1) without
     * trailing {@code .1}s: a field's first component, and a component's first subcomponent, are the field or
     * component itself when nothing follows them (HL7 v2.5 2.5.3), so {@code @PID.18}, {@code @PID.18.1} and
     * {@code @PID.18.1.1} name the same value, as do {@code @PID.5.1.1}, {@code @PID.5.1} and {@code @PID.5}.
     */
    static String canonical(String path) {
        var p = path.trim().toUpperCase(java.util.Locale.ROOT);
        while (p.endsWith(".1") && p.indexOf('.') != p.lastIndexOf('.')) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    /** The QPD-3 field names this supplier searches on, in their {@link #canonical} form. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("@PID.5", FAMILY),
            Map.entry("@PID.5.2", GIVEN),
            Map.entry("@PID.7", BIRTH_DATE),
            Map.entry("@PID.8", SEX),
            Map.entry("@PID.11", STREET),
            Map.entry("@PID.11.3", CITY), Map.entry("@PID.11.5", POSTAL_CODE),
            Map.entry("@PID.13", PHONE), Map.entry("@PID.13.12", PHONE),
            Map.entry("@PID.18", ACCOUNT),
            Map.entry("@PID.3", ID_VALUE), Map.entry("@PID.3.4", ID_NAMESPACE),
            Map.entry("@PID.3.4.2", ID_OID), Map.entry("@PID.3.4.3", ID_TYPE));

    /** ITI-22 searches on the visit as well. */
    private static final Map<String, String> VISIT_FIELDS = withVisitFields();

    private static Map<String, String> withVisitFields() {
        var all = new HashMap<>(FIELDS);
        all.put("@PV1.2", PATIENT_CLASS);
        all.put("@PV1.3", POINT_OF_CARE);
        all.put("@PV1.7", ATTENDING);
        all.put("@PV1.19", VISIT_NUMBER);
        return Map.copyOf(all);
    }

    /** QCN^J01: forget the continuation of the query tag in QID-1 and acknowledge. */
    private String cancel(Message request) throws HL7Exception, IOException {
        var qid = present(V2.segment(request, "QID"));
        var tag = V2.get(qid, 1, 1);
        ca.uhn.hl7v2.model.Message ack;
        if (tag == null) {
            ack = request.generateACK(AcknowledgmentCode.AE, V2.error("Query tag (QID-1) missing",
                    ErrorCode.REQUIRED_FIELD_MISSING, "QID", 1, 1, 1));
        } else {
            // a tag with nothing to cancel (finished, expired, or never continued) is acknowledged too:
            // afterwards, as the consumer wants, nothing is kept for it
            continuations.cancel(consumer(request), tag);
            ack = request.generateACK();
        }
        Terser.set((Segment) ack.get("MSH"), 9, 0, 3, 1, "ACK");
        var charset = V2.get(msh(request), 18, 1);
        if (charset != null) {
            Terser.set((Segment) ack.get("MSH"), 18, 0, 1, 1, charset);
        }
        return ack.encode();
    }

    /** AE with one ERR per error. */
    private String error(Message request, Segment qpd, List<HL7Exception> errors) throws HL7Exception, IOException {
        var rsp = response(request, qpd, AcknowledgmentCode.AE, "AE");
        V2.fillErr(rsp.getERR(), errors.get(0));
        return V2.withMoreErrors(rsp.encode(), errors.subList(1, errors.size()), request.getParser());
    }

    private static RSP_K21 response(Message request, Segment qpd, AcknowledgmentCode code, String qak2)
            throws HL7Exception, IOException {
        var rsp = new RSP_K21();
        rsp.setParser(request.getParser());
        var processingId = V2.get(msh(request), 11, 1);
        rsp.initQuickstart("RSP", "K22", processingId == null ? "P" : processingId);
        V2.fillResponseHeader(request, rsp, code);
        // fillResponseHeader writes ACK^<event> into MSH-9; this is a query response
        Terser.set(rsp.getMSH(), 9, 0, 1, 1, "RSP");
        Terser.set(rsp.getMSH(), 9, 0, 2, 1, visits(request) ? "ZV2" : "K22");
        Terser.set(rsp.getMSH(), 9, 0, 3, 1, visits(request) ? "RSP_ZV2" : "RSP_K21");
        if (qpd != null) {
            rsp.getQPD().parse(qpd.encode());
            var tag = V2.get(qpd, 2, 1);
            if (tag != null) {
                rsp.getQAK().getQueryTag().setValue(tag);
            }
        }
        rsp.getQAK().getQueryResponseStatus().setValue(qak2);
        return rsp;
    }

    /** The segment, or null when the message does not carry it (HAPI creates required ones empty). */
    private static Segment present(Segment s) throws HL7Exception {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Segment msh(Message m) throws HL7Exception {
        return (Segment) m.get("MSH");
    }

    /** Who asks: continuations belong to one consumer (MSH-3^MSH-4) and its query tag. */
    private static String consumer(Message request) throws HL7Exception {
        var msh = msh(request);
        return V2.nullToEmpty(V2.get(msh, 3, 1)) + "^" + V2.nullToEmpty(V2.get(msh, 4, 1));
    }

    /** The request's errors, answered with AE and one ERR each. */
    private static final class QueryErrors extends Exception {
        final List<HL7Exception> errors;

        QueryErrors(HL7Exception error) {
            this(List.of(error));
        }

        QueryErrors(List<HL7Exception> errors) {
            super(errors.get(0).getMessage(), null, false, false);
            this.errors = errors;
        }
    }
}
