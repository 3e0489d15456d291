package org.qiao.routes.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.BasePagingProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.qiao.fhir.FhirSearchPages;

import java.util.ArrayList;
import java.util.UUID;

/**
 * HAPI's paging of search answers ({@code _count}, next links with {@code _getpages}), kept in the database
 * ({@link FhirSearchPages}) instead of one process's memory, so a next link works at any engine process. Steps:
 * when an answer needs more than one page, HAPI hands its bundle provider here; its resources are written as one
 * JSON collection Bundle under a new id; a page request reads them back and HAPI slices the page.
 */
public class DatabasePagingProvider extends BasePagingProvider {

    private final FhirSearchPages pages;
    private final FhirContext context;

    public DatabasePagingProvider(FhirSearchPages pages, FhirContext context, int defaultPageSize, int maximumPageSize) {
        this.pages = pages;
        this.context = context;
        setDefaultPageSize(defaultPageSize);
        setMaximumPageSize(maximumPageSize);
    }

    @Override
    public String storeResultList(RequestDetails request, IBundleProvider answer) {
        var size = answer.size();
        var resources = answer.getResources(0, size == null ? Integer.MAX_VALUE : size);
        var bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (var resource : resources) {
            bundle.addEntry().setResource((Resource) resource);
        }
        var id = UUID.randomUUID().toString();
        pages.save(id, context.newJsonParser().encodeResourceToString(bundle));
        return id;
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String id) {
        return pages.find(id).map(json -> {
            var resources = new ArrayList<IBaseResource>();
            context.newJsonParser().parseResource(Bundle.class, json).getEntry().forEach(e -> resources.add(e.getResource()));
            return (IBundleProvider) new SimpleBundleProvider(resources, id);
        }).orElse(null);
    }
}
