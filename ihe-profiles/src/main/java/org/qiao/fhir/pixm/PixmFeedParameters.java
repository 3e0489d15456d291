package org.qiao.fhir.pixm;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.param.TokenParam;
import org.openehealth.ipf.commons.ihe.fhir.FhirSearchParameters;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the URL of an ITI-104 Patient Identity Feed FHIR says (PIXm ITI TF-2 2:3.104.4.1: a conditional update,
 * {@code PUT [base]/Patient?identifier=urn:oid:<domain>|<value>}): the conditional URL as sent and the logical id,
 * when the client named one instead. Handed to the route and the audit as IPF's request parameters.
 *
 * @param conditionalUrl {@code Patient?identifier=...}, or null
 * @param resourceId     the id of {@code PUT Patient/{id}}, or null
 */
public record PixmFeedParameters(String conditionalUrl, String resourceId, FhirContext fhirContext)
        implements FhirSearchParameters {

    /** The decoded values of one parameter of the conditional URL, in the order given. */
    public List<String> values(String name) {
        var values = new ArrayList<String>();
        if (conditionalUrl == null) {
            return values;
        }
        int q = conditionalUrl.indexOf('?');
        var query = q < 0 ? "" : conditionalUrl.substring(q + 1);
        for (var pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            var key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    /** The names of the conditional URL's parameters, to refuse others. */
    public List<String> names() {
        var names = new ArrayList<String>();
        if (conditionalUrl == null || conditionalUrl.indexOf('?') < 0) {
            return names;
        }
        for (var pair : conditionalUrl.substring(conditionalUrl.indexOf('?') + 1).split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                names.add(decode(eq < 0 ? pair : pair.substring(0, eq)));
            }
        }
        return names;
    }

    /** The fed patient's identifier token (system|value) of the URL, for the audit; empty when there is none. */
    @Override
    public List<TokenParam> getPatientIdParam() {
        return values("identifier").stream().map(v -> {
            int bar = v.indexOf('|');
            return bar < 0 ? new TokenParam(v) : new TokenParam(v.substring(0, bar), v.substring(bar + 1));
        }).toList();
    }

    /** HAPI hands the conditional URL over as sent (percent-encoded); a stray % is kept as text. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
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
