package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The parameters of a stored query over registry objects of one type, in the terms of ITI-18, one parameter
 * at a time: several values of one parameter are ORed, several parameters are ANDed, and each inner list of
 * an AND/OR parameter (eventCodeList, confidentialityCode, folder codes) must match
 * (ITI TF-2a 3.18.4.1.2.3.5). {@link RegistryStore#find} turns the terms, in the order they were added,
 * into SQL.
 */
final class StoredQueryFilter {

    /** Single-valued attributes of a registry object that stored query parameters match. */
    enum Attribute {
        CLASS_CODE, TYPE_CODE, PRACTICE_SETTING_CODE, HEALTHCARE_FACILITY_TYPE_CODE, FORMAT_CODE, CONTENT_TYPE_CODE,
        CREATION_TIME, SERVICE_START_TIME, SERVICE_STOP_TIME, SUBMISSION_TIME, LAST_UPDATE_TIME, SOURCE_ID
    }

    /** Attributes an object may hold several values of. */
    enum ListAttribute {
        EVENT_CODE, CONFIDENTIALITY_CODE, FOLDER_CODE, AUTHOR_PERSON, REFERENCE_ID
    }

    /**
     * What a store makes of each parameter, one condition each ({@link RegistryStore} writes SQL). Several
     * values of one parameter are ORed.
     */
    interface Conditions {
        String patient(Identifiable patientId);

        String statuses(List<AvailabilityStatus> statuses);

        String entryTypes(List<DocumentEntryType> types);

        /** The attribute holds one of the codes; a code without a scheme matches that code in any scheme. */
        String codes(Attribute attribute, List<Code> anyOf);

        /** One of the object's values of the attribute is one of the codes. */
        String codes(ListAttribute attribute, List<Code> anyOf);

        String values(ListAttribute attribute, List<String> anyOf);

        /** Author person patterns with the wildcards % (any characters) and _ (one character), as ITI-18 has them. */
        String authors(List<String> patterns);

        String values(Attribute attribute, List<String> anyOf);

        /** Only these objects, by entryUUID: none when the list is empty. */
        String entryUuids(List<String> uuids);

        /** From is inclusive, To exclusive (ITI TF-2a 3.18.4.1.2.3.6). */
        String from(Attribute attribute, Timestamp time);

        String before(Attribute attribute, Timestamp time);
    }

    final String objectType;
    private final List<Function<Conditions, String>> terms = new ArrayList<>();

    /** @param objectType {@link RegistryStore#DOCUMENT_ENTRY}, {@link RegistryStore#SUBMISSION_SET} or {@link RegistryStore#FOLDER} */
    StoredQueryFilter(String objectType) {
        this.objectType = objectType;
    }

    StoredQueryFilter patient(Identifiable patientId) {
        terms.add(c -> c.patient(patientId));
        return this;
    }

    StoredQueryFilter status(List<AvailabilityStatus> statuses) {
        return ifAsked(statuses, c -> c.statuses(statuses));
    }

    /** On-demand entries are returned only when asked for; stable ones when nothing is said. */
    StoredQueryFilter entryTypes(List<DocumentEntryType> types) {
        var asked = types == null || types.isEmpty() ? List.of(DocumentEntryType.STABLE) : types;
        terms.add(c -> c.entryTypes(asked));
        return this;
    }

    StoredQueryFilter codes(Attribute attribute, List<Code> codes) {
        return ifAsked(codes, c -> c.codes(attribute, codes));
    }

    /** Each inner list ORs, the lists AND: one of the object's values must match per inner list. */
    StoredQueryFilter codes(ListAttribute attribute, QueryList<Code> lists) {
        if (lists != null) {
            lists.getOuterList().forEach(inner -> ifAsked(inner, c -> c.codes(attribute, inner)));
        }
        return this;
    }

    StoredQueryFilter values(ListAttribute attribute, List<String> values) {
        return ifAsked(values, c -> c.values(attribute, values));
    }

    StoredQueryFilter authors(List<String> patterns) {
        return ifAsked(patterns, c -> c.authors(patterns));
    }

    StoredQueryFilter values(Attribute attribute, List<String> values) {
        return ifAsked(values, c -> c.values(attribute, values));
    }

    StoredQueryFilter entryUuids(Collection<String> uuids) {
        var ids = List.copyOf(uuids);
        terms.add(c -> c.entryUuids(ids));
        return this;
    }

    StoredQueryFilter time(Attribute attribute, TimeRange range) {
        var from = range == null ? null : range.getFrom();
        var to = range == null ? null : range.getTo();
        if (from != null) {
            terms.add(c -> c.from(attribute, from));
        }
        if (to != null) {
            terms.add(c -> c.before(attribute, to));
        }
        return this;
    }

    /** A parameter left out, or given without values, does not filter. */
    private StoredQueryFilter ifAsked(List<?> values, Function<Conditions, String> term) {
        if (values != null && !values.isEmpty()) {
            terms.add(term);
        }
        return this;
    }

    /** The conditions of the terms, in the order they were added. */
    List<String> conditions(Conditions c) {
        return terms.stream().map(t -> t.apply(c)).toList();
    }
}
