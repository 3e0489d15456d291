package org.qiao.pix.v3;

import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.qiao.pix.v3.V3.add;
import static org.qiao.pix.v3.V3.attr;
import static org.qiao.pix.v3.V3.child;
import static org.qiao.pix.v3.V3.children;
import static org.qiao.pix.v3.V3.path;

/**
 * ITI-45 PIX Query v3 (PRPA_IN201309UV02 → PRPA_IN201310UV02), the v3 twin of the ITI-9 handler, answering
 * the cases of ITI TF-2b 3.45.4.2.3:
 * <ol>
 *   <li>resolve the root of patientIdentifier/value to a domain; unknown → AE, detail 204 at that value;</li>
 *   <li>resolve every dataSource/value root; each unknown one → its own detail 204 at dataSource[n]/value;</li>
 *   <li>look the identifier up; unknown → AE, detail 204 at patientIdentifier/value;</li>
 *   <li>answer AA with the other cross-referenced identifiers (in the requested domains, if any) as the
 *       patient's ids (queryResponseCode OK), or AA with no subject when there are none (NF).</li>
 * </ol>
 * AE answers carry queryResponseCode AE. The queryByParameter is echoed in every answer.
 */
public class PixQueryV3Handler {

    static final String REQUEST = "PRPA_IN201309UV02";
    static final String RESPONSE = "PRPA_IN201310UV02";
    private static final String PARAMETERS = "/" + REQUEST + "/controlActProcess/queryByParameter/parameterList/";

    private final PixManager pix;
    private final IdentityDomains domains;

    public PixQueryV3Handler(PixManager pix, IdentityDomains domains) {
        this.pix = pix;
        this.domains = domains;
    }

    /** Returns the PRPA_IN201310UV02 answer; problems of the query itself are answered, not thrown. */
    public String handle(String requestXml) throws V3.Problem {
        var request = V3.parse(requestXml).getDocumentElement();
        var query = path(request, "controlActProcess", "queryByParameter");
        var parameters = child(query, "parameterList");
        var value = path(parameters, "patientIdentifier", "value");
        var root = attr(value, "root");
        var extension = attr(value, "extension");
        if (root == null || extension == null) {
            return error(request, query, List.of(V3.Problem.missing(
                    "patientIdentifier/value needs a root and an extension", PARAMETERS + "patientIdentifier/value")));
        }
        var domain = domains.resolve(null, root, "ISO").orElse(null);
        if (domain == null) {
            return error(request, query, List.of(V3.Problem.unknownKey(
                    "Unknown patient identification domain " + root, PARAMETERS + "patientIdentifier/value")));
        }
        var requested = new LinkedHashSet<String>();
        var unknownDomains = new ArrayList<V3.Problem>();
        var sources = children(parameters, "dataSource");
        for (int i = 0; i < sources.size(); i++) {
            var sourceRoot = attr(child(sources.get(i), "value"), "root");
            var known = sourceRoot == null ? null : domains.resolve(null, sourceRoot, "ISO").orElse(null);
            if (known == null) {
                unknownDomains.add(V3.Problem.unknownKey("Unknown data source domain " + sourceRoot,
                        PARAMETERS + "dataSource[" + (i + 1) + "]/value"));
            } else {
                requested.add(known.code());
            }
        }
        if (!unknownDomains.isEmpty()) {
            return error(request, query, unknownDomains);
        }
        var queried = new Identifier(extension, domain.code());
        var xrefs = pix.crossReferences(queried);
        if (xrefs.isEmpty()) {
            return error(request, query, List.of(V3.Problem.unknownKey(
                    "Unknown patient identifier " + extension + " in " + root, PARAMETERS + "patientIdentifier/value")));
        }
        // the ids of one domain together, as ITI-9 lists them (ITI TF-2a 3.9.4.2.2.6 Case 6)
        var found = Identifier.groupedByDomain(xrefs.get().stream()
                .filter(id -> !id.equals(queried))
                .filter(id -> requested.isEmpty() || requested.contains(id.domain()))
                .toList());
        var answer = V3.answer(request, RESPONSE, "AA", List.of());
        var act = controlAct(answer);
        if (!found.isEmpty()) {
            var event = add(add(act, "subject", "typeCode", "SUBJ"), "registrationEvent",
                    "classCode", "REG", "moodCode", "EVN");
            add(event, "id", "nullFlavor", "NA");
            add(event, "statusCode", "code", "active");
            var patient = add(add(event, "subject1", "typeCode", "SBJ"), "patient", "classCode", "PAT");
            for (var id : found) {
                add(patient, "id", "root", oid(id), "extension", id.value());
            }
            add(patient, "statusCode", "code", "active");
            // the person is required by the model but PIX carries no demographics (ITI TF-2b 3.45.4.2.2)
            var person = add(patient, "patientPerson", "classCode", "PSN", "determinerCode", "INSTANCE");
            add(person, "name", "nullFlavor", "NA");
            var custodian = add(add(event, "custodian", "typeCode", "CST"), "assignedEntity", "classCode", "ASSIGNED");
            add(custodian, "id", "root", domains.affinityDomain().oid());
        }
        queryAck(act, query, found.isEmpty() ? "NF" : "OK");
        return V3.serialize(answer.getOwnerDocument());
    }

    private String error(Element request, Element query, List<V3.Problem> problems) {
        var answer = V3.answer(request, RESPONSE, "AE", problems);
        queryAck(controlAct(answer), query, "AE");
        return V3.serialize(answer.getOwnerDocument());
    }

    private static Element controlAct(Element answer) {
        var act = add(answer, "controlActProcess", "classCode", "CACT", "moodCode", "EVN");
        add(act, "code", "code", "PRPA_TE201310UV02", "codeSystem", V3.INTERACTION_IDS);
        return act;
    }

    private static void queryAck(Element act, Element query, String code) {
        var ack = add(act, "queryAck");
        V3.copyId(ack, "queryId", child(query, "queryId"));
        add(ack, "queryResponseCode", "code", code);
        if (query != null) {
            act.appendChild(act.getOwnerDocument().importNode(query, true));
        }
    }

    private String oid(Identifier id) {
        return domains.byCode(id.domain()).map(IdentityDomain::oid).orElseThrow();
    }
}
