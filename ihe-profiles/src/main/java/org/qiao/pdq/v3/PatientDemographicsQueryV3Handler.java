package org.qiao.pdq.v3;

import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pdq.DemographicsSearchStore.DemographicsCriteria;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;
import org.qiao.pdq.QueryContinuations;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.v3.V3;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.qiao.pix.v3.V3.add;
import static org.qiao.pix.v3.V3.attr;
import static org.qiao.pix.v3.V3.child;
import static org.qiao.pix.v3.V3.children;
import static org.qiao.pix.v3.V3.path;

/**
 * ITI-47 Patient Demographics Query HL7 V3 (ITI TF-2b 3.47), the v3 twin of the ITI-21 handler: the same
 * patient index, search ({@link DemographicsSearchStore#findByDemographics}) and continuation store. Three requests:
 * <ul>
 *   <li>PRPA_IN201305UV02 → PRPA_IN201306UV02. Steps:
 *   <ol>
 *     <li>resolve every otherIDsScopingOrganization root; each unknown one → its own detail 204 at its value,
 *         AE in acknowledgement and queryAck;</li>
 *     <li>read the parameters (livingSubjectName family/given, a trailing {@code *} or name use {@code SRCH}
 *         meaning "starts with"; livingSubjectBirthTime; livingSubjectAdministrativeGender; patientAddress
 *         street, city, postal code; patientTelecom; livingSubjectId with a known root); a malformed or
 *         unknown one, or any other parameter (103), → AE with a detail locating it; none at all → AE 101;</li>
 *     <li>search; nothing → AA with queryResponseCode NF and no subject;</li>
 *     <li>more matches than initialQuantity → the first page, the matches remembered under the sender device
 *         and queryId in {@link QueryContinuations}; queryAck counts total, this message and the rest;</li>
 *     <li>each match → one subject: the person's active identifiers (only the requested domains when
 *         otherIDsScopingOrganization is given) with those of the first requested domain (or the affinity
 *         domain) as patient/id and the others under asOtherIDs, and the demographics of its newest matching
 *         record.</li>
 *   </ol></li>
 *   <li>QUQI_IN000003UV01 → PRPA_IN201306UV02: the next continuationQuantity matches of the query (from
 *       startResultNumber when given); unknown, expired or finished query → AE 204 at queryContinuation/queryId.</li>
 *   <li>QUQI_IN000003UV01_Cancel → MCCI_IN000002UV01 AA: the continuation is forgotten (acknowledged also
 *       when there was none: afterwards nothing is kept, as the consumer wants).</li>
 * </ul>
 */
public class PatientDemographicsQueryV3Handler {

    static final String QUERY = "PRPA_IN201305UV02";
    static final String RESPONSE = "PRPA_IN201306UV02";
    static final String CONTINUATION = "QUQI_IN000003UV01";
    static final String CANCEL = "QUQI_IN000003UV01_Cancel";
    private static final String PARAMETERS = "/" + QUERY + "/controlActProcess/queryByParameter/parameterList/";
    private static final String GENDER_CODES = "2.16.840.1.113883.5.1";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private final DemographicsSearchStore search;
    private final PersonIndexStore index;
    private final IdentityDomains domains;
    private final QueryContinuations continuations;
    private final int maxResults;

    public PatientDemographicsQueryV3Handler(DemographicsSearchStore search, PersonIndexStore index,
                                             IdentityDomains domains, QueryContinuations continuations,
                                             int maxResults) {
        this.search = search;
        this.index = index;
        this.domains = domains;
        this.continuations = continuations;
        this.maxResults = maxResults;
    }

    /** The answer to any of the three requests; problems of the request are answered, not thrown. */
    public String handle(String requestXml) throws V3.Problem {
        var request = V3.parse(requestXml).getDocumentElement();
        return switch (request.getLocalName()) {
            case CONTINUATION -> continuation(request);
            case CANCEL -> cancel(request);
            default -> query(request);
        };
    }

    private String query(Element request) {
        var query = path(request, "controlActProcess", "queryByParameter");
        var parameters = child(query, "parameterList");
        var returned = new LinkedHashSet<String>();
        var problems = new ArrayList<V3.Problem>();
        var scoping = children(parameters, "otherIDsScopingOrganization");
        for (int i = 0; i < scoping.size(); i++) {
            var root = attr(child(scoping.get(i), "value"), "root");
            var known = root == null ? null : domains.resolve(null, root, "ISO").orElse(null);
            if (known == null) {
                problems.add(V3.Problem.unknownKey("Unknown patient identification domain " + root
                        + " in otherIDsScopingOrganization", PARAMETERS + "otherIDsScopingOrganization[" + (i + 1) + "]/value"));
            } else {
                returned.add(known.code());
            }
        }
        if (!problems.isEmpty()) {
            return error(request, query, problems);
        }
        DemographicsCriteria criteria;
        try {
            criteria = criteria(parameters, returned);
        } catch (V3.Problem p) {
            return error(request, query, List.of(p));
        }
        var matches = search.findByDemographics(criteria, maxResults + 1);
        if (matches.size() > maxResults) {
            // all matches or none (ITI TF-2b 3.47.2): a query this wide must be narrowed
            return error(request, query, List.of(new V3.Problem("Too many matches: more than " + maxResults
                    + " persons match the query; narrow it", "207", "Application internal error", PARAMETERS)));
        }
        int pageSize = quantity(attr(child(query, "initialQuantity"), "value"));
        var chain = pageSize > 0 && matches.size() > pageSize
                ? continuations.start(consumer(request), queryId(child(query, "queryId")), matches, returned, pageSize)
                : new QueryContinuations.Chain(null, matches, returned, matches.size());
        return page(request, query, child(query, "queryId"), chain, 0, Math.max(chain.pageSize(), matches.size() == 0 ? 0 : 1));
    }

    private String continuation(Element request) {
        var continuation = path(request, "controlActProcess", "queryContinuation");
        var queryIdElement = child(continuation, "queryId");
        var location = "/" + CONTINUATION + "/controlActProcess/queryContinuation/";
        if (queryIdElement == null || attr(queryIdElement, "root") == null) {
            return error(request, null, queryIdElement, List.of(V3.Problem.missing(
                    "queryContinuation/queryId missing", location + "queryId")));
        }
        var start = attr(child(continuation, "startResultNumber"), "value");
        Integer offset = null;
        if (start != null) {
            int n = quantity(start);
            if (n <= 0) {
                return error(request, null, queryIdElement, List.of(new V3.Problem("startResultNumber must be a "
                        + "positive number, not '" + start + "'", "102", "Data type error", location + "startResultNumber")));
            }
            offset = n - 1;
        }
        var quantityText = attr(child(continuation, "continuationQuantity"), "value");
        int quantity = quantity(quantityText);
        if (quantity <= 0) {
            return error(request, null, queryIdElement, List.of(new V3.Problem("continuationQuantity must be a "
                    + "positive number, not '" + quantityText + "'", "102", "Data type error",
                    location + "continuationQuantity")));
        }
        var page = continuations.next(consumer(request), queryId(queryIdElement), offset, quantity);
        if (page.isEmpty()) {
            return error(request, null, queryIdElement, List.of(V3.Problem.unknownKey("No continued answer for query "
                    + V3.idText(queryIdElement) + " (unknown, expired, cancelled or finished)", location + "queryId")));
        }
        return page(request, null, queryIdElement, page.get().chain(), page.get().offset(), quantity);
    }

    private String cancel(Element request) {
        var queryIdElement = path(request, "controlActProcess", "queryContinuation", "queryId");
        if (queryIdElement != null) {
            continuations.cancel(consumer(request), queryId(queryIdElement));
        }
        var answer = V3.answer(request, "MCCI_IN000002UV01", "AA", List.of());
        return V3.serialize(answer.getOwnerDocument());
    }

    /** The PRPA_IN201306UV02 with {@code count} matches of {@code chain} from {@code offset}. */
    private String page(Element request, Element query, Element queryIdElement, QueryContinuations.Chain chain,
                        int offset, int count) {
        var matches = chain.matches();
        int end = Math.min(matches.size(), offset + count);
        var answer = V3.answer(request, RESPONSE, "AA", List.of());
        var act = controlAct(answer);
        int written = 0;
        for (var match : matches.subList(offset, end)) {
            if (subject(act, match, chain.returnedDomains())) {
                written++;
            }
        }
        var ack = queryAck(act, queryIdElement, matches.isEmpty() ? "NF" : "OK");
        add(ack, "resultTotalQuantity", "value", String.valueOf(matches.size()));
        add(ack, "resultCurrentQuantity", "value", String.valueOf(written));
        add(ack, "resultRemainingQuantity", "value", String.valueOf(matches.size() - end));
        echo(act, query);
        return V3.serialize(answer.getOwnerDocument());
    }

    /** Writes the subject of one match; false when the person has nothing to show any more (merged, retired). */
    private boolean subject(Element act, DemographicsMatch match, Set<String> returned) {
        var ids = index.activeIdentifiers(match.personId()).stream()
                .filter(id -> returned.isEmpty() || returned.contains(id.domain()))
                .toList();
        var record = index.record(match.recordId());
        if (ids.isEmpty() || record.isEmpty()) {
            return false;
        }
        var d = record.get().demographics();
        // patient/id: the first requested domain, or the affinity domain; the rest go under asOtherIDs
        var preferred = returned.isEmpty() ? domains.affinityDomain().code() : returned.iterator().next();
        var main = ids.stream().anyMatch(id -> id.domain().equals(preferred)) ? preferred : ids.get(0).domain();
        var event = add(add(act, "subject", "typeCode", "SUBJ"), "registrationEvent", "classCode", "REG", "moodCode", "EVN");
        add(event, "id", "nullFlavor", "NA");
        add(event, "statusCode", "code", "active");
        var patient = add(add(event, "subject1", "typeCode", "SBJ"), "patient", "classCode", "PAT");
        var others = new LinkedHashMap<String, List<Identifier>>();
        for (var id : ids) {
            if (id.domain().equals(main)) {
                add(patient, "id", "root", oid(id.domain()), "extension", id.value());
            } else {
                others.computeIfAbsent(id.domain(), k -> new ArrayList<>()).add(id);
            }
        }
        add(patient, "statusCode", "code", "active");
        var person = add(patient, "patientPerson", "classCode", "PSN", "determinerCode", "INSTANCE");
        // every name, telecom and address the record holds, in the order fed: a Chinese hospital's hanzi name
        // and its pinyin are two names, told apart by use (HL7 v2.5 2.A.89 XPN-8 as EntityNameUse IDE / ABC / SYL)
        for (var xpn : d.allNames()) {
            var name = add(person, "name");
            var use = V3.xpnToNameUse(EncodedField.part(xpn, 7, 1), EncodedField.part(xpn, 8, 1));
            if (use != null) {
                name.setAttribute("use", use);
            }
            text(name, "family", EncodedField.part(xpn, 1, 1));
            text(name, "given", EncodedField.part(xpn, 2, 1));
        }
        if (d.allNames().isEmpty()) {
            add(person, "name", "nullFlavor", "NI");
        }
        for (var xtn : d.allPhones()) {
            var number = EncodedField.part(xtn, 1, 1) != null ? EncodedField.part(xtn, 1, 1) : EncodedField.part(xtn, 12, 1);
            if (number != null) {
                add(person, "telecom", "value", "tel:" + number);
            }
        }
        if (d.sex() != null) {
            var sex = d.sex().toUpperCase(Locale.ROOT);
            add(person, "administrativeGenderCode", "code", sex.equals("M") || sex.equals("F") ? sex : "UN",
                    "codeSystem", GENDER_CODES);
        }
        if (d.birthDate() != null) {
            add(person, "birthTime", "value", d.birthDate());
        }
        for (var xad : d.allAddresses()) {
            var addr = add(person, "addr");
            text(addr, "streetAddressLine", EncodedField.part(xad, 1, 1));
            text(addr, "city", EncodedField.part(xad, 3, 1));
            text(addr, "state", EncodedField.part(xad, 4, 1));
            text(addr, "postalCode", EncodedField.part(xad, 5, 1));
            text(addr, "country", EncodedField.part(xad, 6, 1));
        }
        for (var entry : others.entrySet()) {
            var other = add(person, "asOtherIDs", "classCode", "PAT");
            for (var id : entry.getValue()) {
                add(other, "id", "root", oid(id.domain()), "extension", id.value());
            }
            add(add(other, "scopingOrganization", "classCode", "ORG", "determinerCode", "INSTANCE"),
                    "id", "root", oid(entry.getKey()));
        }
        // the organisation that keeps the record shown: its source's domain
        var provider = add(patient, "providerOrganization", "classCode", "ORG", "determinerCode", "INSTANCE");
        add(provider, "id", "root", oid(record.get().key().domain()));
        add(provider, "contactParty", "classCode", "CON");
        // no match weights: every answer is an exact match of the parameters
        var observation = add(add(patient, "subjectOf1"), "queryMatchObservation", "classCode", "COND", "moodCode", "EVN");
        add(observation, "code", "code", "IHE_PDQ");
        add(observation, "value", "value", "100").setAttributeNS(XSI, "xsi:type", "INT");
        var custodian = add(add(event, "custodian", "typeCode", "CST"), "assignedEntity", "classCode", "ASSIGNED");
        add(custodian, "id", "root", domains.affinityDomain().oid());
        return true;
    }

    private static void text(Element parent, String name, String value) {
        if (value != null) {
            add(parent, name).setTextContent(value);
        }
    }

    /** Reads the parameter list into search criteria (all parameters must match). */
    private DemographicsCriteria criteria(Element parameters, Set<String> returned) throws V3.Problem {
        String family = null, given = null, birthDate = null, sex = null, street = null, city = null,
                postalCode = null, phone = null;
        Identifier identifier = null;
        // a parameter this supplier does not search on would silently widen the answer: refuse it instead
        for (var n = parameters == null ? null : parameters.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && !SUPPORTED.contains(e.getLocalName())) {
                throw new V3.Problem("Unsupported query parameter " + e.getLocalName() + "; supported: "
                        + String.join(", ", SUPPORTED), "103", "Table value not found", PARAMETERS + e.getLocalName());
            }
        }

        var name = path(parameters, "livingSubjectName", "value");
        if (name != null) {
            // ITI TF-2b 3.47.4.1.2: use="SRCH" marks a search name, whose parts may be partial
            var use = attr(name, "use");
            boolean prefix = use != null && List.of(use.split("\\s+")).contains("SRCH");
            family = namePart(V3.text(child(name, "family")), prefix);
            given = namePart(V3.text(child(name, "given")), prefix);
        }
        var birth = attr(path(parameters, "livingSubjectBirthTime", "value"), "value");
        if (birth != null) {
            if (!birth.matches("\\d{8}.*")) {
                throw new V3.Problem("livingSubjectBirthTime must start with YYYYMMDD, not '" + birth + "'", "102",
                        "Data type error", PARAMETERS + "livingSubjectBirthTime/value");
            }
            birthDate = birth.substring(0, 8);
        }
        var gender = attr(path(parameters, "livingSubjectAdministrativeGender", "value"), "code");
        if (gender != null) {
            sex = switch (gender.toUpperCase(Locale.ROOT)) {
                case "M", "F" -> gender.toUpperCase(Locale.ROOT);
                case "UN" -> "U";
                default -> throw new V3.Problem("Unknown administrative gender '" + gender + "' (M, F, UN)", "103",
                        "Table value not found", PARAMETERS + "livingSubjectAdministrativeGender/value");
            };
        }
        var address = path(parameters, "patientAddress", "value");
        if (address != null) {
            street = V3.text(child(address, "streetAddressLine"));
            city = V3.text(child(address, "city"));
            postalCode = V3.text(child(address, "postalCode"));
        }
        var telecom = attr(path(parameters, "patientTelecom", "value"), "value");
        if (telecom != null) {
            phone = telecom.replaceFirst("^(?i)tel:", "");
        }
        var id = path(parameters, "livingSubjectId", "value");
        if (id != null) {
            var root = attr(id, "root");
            var extension = attr(id, "extension");
            if (root == null || extension == null) {
                throw V3.Problem.missing("livingSubjectId/value needs a root and an extension",
                        PARAMETERS + "livingSubjectId/value");
            }
            var domain = domains.resolve(null, root, "ISO").map(IdentityDomain::code).orElseThrow(() ->
                    V3.Problem.unknownKey("Unknown patient identification domain " + root,
                            PARAMETERS + "livingSubjectId/value"));
            identifier = new Identifier(extension, domain);
        }
        var criteria = new DemographicsCriteria(family, given, birthDate, sex, street, city, postalCode, phone,
                null, identifier, returned, null);
        if (criteria.isEmpty()) {
            throw V3.Problem.missing("No query parameter (livingSubjectName, livingSubjectBirthTime, "
                    + "livingSubjectAdministrativeGender, patientAddress, patientTelecom or livingSubjectId)",
                    "/" + QUERY + "/controlActProcess/queryByParameter/parameterList");
        }
        return criteria;
    }

    private static final List<String> SUPPORTED = List.of("livingSubjectAdministrativeGender",
            "livingSubjectBirthTime", "livingSubjectId", "livingSubjectName", "otherIDsScopingOrganization",
            "patientAddress", "patientTelecom");

    private static String namePart(String value, boolean prefix) {
        if (value == null) {
            return null;
        }
        return prefix && !value.endsWith("*") ? value + "*" : value;
    }

    private String error(Element request, Element query, List<V3.Problem> problems) {
        return error(request, query, child(query, "queryId"), problems);
    }

    /** AE in the acknowledgement and in queryAck (ITI TF-2b 3.47.4.2.3), one acknowledgementDetail per problem. */
    private String error(Element request, Element query, Element queryIdElement, List<V3.Problem> problems) {
        var answer = V3.answer(request, RESPONSE, "AE", problems);
        var act = controlAct(answer);
        queryAck(act, queryIdElement, "AE");
        echo(act, query);
        return V3.serialize(answer.getOwnerDocument());
    }

    private static Element controlAct(Element answer) {
        var act = add(answer, "controlActProcess", "classCode", "CACT", "moodCode", "EVN");
        add(act, "code", "code", "PRPA_TE201306UV02", "codeSystem", V3.INTERACTION_IDS);
        return act;
    }

    private static Element queryAck(Element act, Element queryIdElement, String code) {
        var ack = add(act, "queryAck");
        V3.copyId(ack, "queryId", queryIdElement);
        add(ack, "queryResponseCode", "code", code);
        return ack;
    }

    private static void echo(Element act, Element query) {
        if (query != null) {
            act.appendChild(act.getOwnerDocument().importNode(query, true));
        }
    }

    /** Continuations belong to the sending device and its query id. */
    private static String consumer(Element request) {
        return String.valueOf(V3.idText(path(request, "sender", "device", "id")));
    }

    private static String queryId(Element id) {
        return String.valueOf(V3.idText(id));
    }

    private static int quantity(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String oid(String domainCode) {
        return domains.byCode(domainCode).map(IdentityDomain::oid).orElseThrow();
    }
}
