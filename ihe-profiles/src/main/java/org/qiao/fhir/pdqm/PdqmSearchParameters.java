package org.qiao.fhir.pdqm;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.openehealth.ipf.commons.ihe.fhir.FhirSearchParameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The search parameters of an ITI-78 Mobile Patient Demographics Query (PDQm ITI TF-2 2:3.78.4.1.2) as HAPI bound
 * them; null when not given. Handed to the route and the audit as IPF's request parameters; the audit names the
 * patients of {@code _id} and {@code identifier}, as IPF's ITI-78 audit does.
 */
public record PdqmSearchParameters(TokenAndListParam identifier, TokenParam active, StringAndListParam family,
                                   StringAndListParam given, DateAndListParam birthdate, StringAndListParam address,
                                   StringAndListParam city, StringAndListParam postalCode, TokenParam gender,
                                   TokenAndListParam id, TokenAndListParam telecom, FhirContext fhirContext)
        implements FhirSearchParameters {

    @Override
    public List<TokenParam> getPatientIdParam() {
        var tokens = new ArrayList<TokenParam>();
        for (var list : new TokenAndListParam[] {id, identifier}) {
            if (list != null) {
                list.getValuesAsQueryTokens().forEach(or -> tokens.addAll(or.getValuesAsQueryTokens()));
            }
        }
        return tokens;
    }

    @Override
    public Set<Include> getIncludeSpec() {
        return Set.of();
    }

    @Override
    public FhirContext getFhirContext() {
        return fhirContext;
    }
}
