package org.qiao.conformance.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.IOException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAPI's FHIR R4 instance validator on the answers of the FHIR doors: the base specification (structure,
 * cardinality, invariants, value sets bound required). The IHE profiles named in meta.profile are not loaded here,
 * so they are left out of the copy that is validated. An answer with an error or fatal message fails the test.
 */
final class FhirValidation {

    private static FhirValidator validator;

    private FhirValidation() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            var context = FhirWire.FHIR;
            var chain = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
                    new SnapshotGeneratingValidationSupport(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context));
            var instance = new FhirInstanceValidator(chain);
            instance.setErrorForUnknownProfiles(false);
            validator = context.newValidator().registerValidatorModule(instance);
        }
        return validator;
    }

    static void assertValid(IBaseResource resource) {
        // against the base specification: the IHE profiles a resource declares are not loaded here
        var copy = ((org.hl7.fhir.r4.model.Resource) resource).copy();
        withoutProfiles(copy);
        var result = validator().validateWithResult(copy);
        var errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage()).collect(Collectors.joining("\n"));
        assertThat(errors).as("FHIR R4 validation of a %s", resource.fhirType()).isEmpty();
    }

    private static void withoutProfiles(org.hl7.fhir.r4.model.Resource r) {
        if (r == null) {
            return;
        }
        r.getMeta().getProfile().clear();
        if (r instanceof org.hl7.fhir.r4.model.Bundle b) {
            b.getEntry().forEach(e -> withoutProfiles(e.getResource()));
        }
        if (r instanceof org.hl7.fhir.r4.model.DomainResource d) {
            d.getContained().forEach(FhirValidation::withoutProfiles);
        }
    }

    static void assertValid(String json) {
        assertValid(FhirWire.FHIR.newJsonParser().parseResource(json));
    }

    /** Validates every FHIR answer a HAPI client receives (the body is buffered so the client still reads it). */
    static IClientInterceptor everyAnswer() {
        return new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
            }

            @Override
            public void interceptResponse(IHttpResponse response) throws IOException {
                var type = response.getMimeType();
                if (type == null || !type.contains("fhir")) {
                    return;
                }
                response.bufferEntity();
                try (var reader = response.createReader()) {
                    var sw = new java.io.StringWriter();
                    reader.transferTo(sw);
                    var parser = type.contains("xml") ? FhirWire.FHIR.newXmlParser() : FhirWire.FHIR.newJsonParser();
                    assertValid(parser.parseResource(sw.toString()));
                }
            }
        };
    }
}
