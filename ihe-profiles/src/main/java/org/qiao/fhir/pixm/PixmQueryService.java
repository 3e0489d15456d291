package org.qiao.fhir.pixm;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.qiao.fhir.Outcomes;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.PixManager;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ITI-83 Mobile Patient Identifier Cross-reference Query ({@code Patient/$ihe-pix}), answered by the same PIX
 * Manager call as ITI-9 ({@link PixManager#crossReferences}). Steps (PIXm ITI TF-2 2:3.83.4):
 * <ol>
 *   <li>sourceIdentifier: exactly one, {@code system|value}, both valued (2:3.83.4.1.2.1); missing → 400;</li>
 *   <li>its system must be a configured domain; else 400 {@code code-invalid}, "sourceIdentifier Assigning
 *       Authority not found" (2:3.83.4.2.2.3, Source Domain not recognized);</li>
 *   <li>every targetSystem must be a configured domain; else 403 {@code code-invalid}, "targetSystem not found"
 *       (2:3.83.4.2.2.4, Target Domain not recognized);</li>
 *   <li>the identifier must be known and active; else 404 {@code not-found} (2:3.83.4.2.2.2; a merged-away id is
 *       no longer answered for, as in ITI-9);</li>
 *   <li>answer 200 with one {@code targetIdentifier} per other cross-referenced identifier in the target systems
 *       (all domains when none is given), and {@code targetId}, the person's Patient resource (its logical id is
 *       the regional id); a known patient without ids there gets no targetIdentifier (2:3.83.4.2.2.1).</li>
 * </ol>
 * The status codes of steps 2 to 4 are the ones the IHE PIXm IG and Gazelle's ITI83-019 / ITI83-020 assertions
 * give: 400 for the source domain, 403 for a target domain, 404 for an unknown identifier.
 */
public class PixmQueryService {

    public static final String SOURCE_IDENTIFIER = "sourceIdentifier";
    public static final String TARGET_SYSTEM = "targetSystem";
    public static final String TARGET_IDENTIFIER = "targetIdentifier";
    public static final String TARGET_ID = "targetId";

    private final PixManager pix;
    private final PatientResources patients;

    public PixmQueryService(PixManager pix, PatientResources patients) {
        this.pix = pix;
        this.patients = patients;
    }

    /**
     * The cross-references of the query's sourceIdentifier (an Identifier, or a token string {@code system|value})
     * in its targetSystems (uri or string values). Throws the HAPI exception of each error case.
     */
    public Parameters query(Parameters in) {
        var sources = in == null ? List.<Parameters.ParametersParameterComponent>of() : in.getParameter().stream()
                .filter(p -> SOURCE_IDENTIFIER.equals(p.getName())).toList();
        if (sources.size() != 1) {
            throw Outcomes.badRequest(IssueType.REQUIRED, "Exactly one " + SOURCE_IDENTIFIER
                    + " (system|value) is required, not " + sources.size() + " (PIXm ITI TF-2 2:3.83.4.1.2.1)");
        }
        String system;
        String value;
        if (sources.get(0).getValue() instanceof org.hl7.fhir.r4.model.Identifier id) {
            system = id.getSystem();
            value = id.getValue();
        } else if (sources.get(0).getValue() instanceof PrimitiveType<?> token && token.getValueAsString() != null) {
            var text = token.getValueAsString();
            int bar = text.indexOf('|');
            system = bar < 0 ? null : text.substring(0, bar);
            value = bar < 0 ? text : text.substring(bar + 1);
        } else {
            system = null;
            value = null;
        }
        if (PatientResources.blankToNull(system) == null || PatientResources.blankToNull(value) == null) {
            throw Outcomes.badRequest(IssueType.REQUIRED, SOURCE_IDENTIFIER
                    + " needs both the assigning authority and the value, as system|value (PIXm ITI TF-2 2:3.83.4.1.2.1)");
        }
        IdentityDomain domain = patients.domainOf(system).orElseThrow(() -> Outcomes.badRequest(
                IssueType.CODEINVALID, "sourceIdentifier Assigning Authority not found: " + system));

        Set<String> targets = new LinkedHashSet<>();
        for (var p : in.getParameter()) {
            if (!TARGET_SYSTEM.equals(p.getName())) {
                continue;
            }
            var uri = p.getValue() instanceof PrimitiveType<?> t ? t.getValueAsString() : null;
            var target = patients.domainOf(uri).orElseThrow(() -> Outcomes.forbidden(IssueType.CODEINVALID,
                    "targetSystem not found: " + uri));
            targets.add(target.code());
        }

        var queried = new Identifier(value.trim(), domain.code());
        var xrefs = pix.crossReferences(queried).orElseThrow(() -> Outcomes.notFound(
                "sourceIdentifier Patient Identifier not found: " + system + "|" + value));
        var out = new Parameters();
        for (var id : Identifier.groupedByDomain(xrefs)) {
            if (!id.equals(queried) && (targets.isEmpty() || targets.contains(id.domain()))) {
                out.addParameter().setName(TARGET_IDENTIFIER).setValue(patients.identifier(id));
            }
        }
        patients.regional(xrefs).ifPresent(r -> out.addParameter().setName(TARGET_ID)
                .setValue(new Reference("Patient/" + r.value())));
        return out;
    }
}
