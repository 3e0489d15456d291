package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the WHERE clause of a stored query over xds_object (alias o), one parameter at a time:
 * several values of one parameter are ORed, several parameters are ANDed, and each inner list of an
 * AND/OR parameter (eventCodeList, confidentialityCode, folder codes) must match (ITI TF-2a 3.18.4.1.2.3.5).
 */
final class DocumentQueryFilter {

    private final List<String> conditions = new ArrayList<>();
    final MapSqlParameterSource params = new MapSqlParameterSource();
    private int n;

    DocumentQueryFilter(String objectType) {
        conditions.add("o.object_type = " + bind(objectType));
    }

    DocumentQueryFilter patient(Identifiable patientId) {
        conditions.add("o.patient_id = " + bind(RegistryStore.patient(patientId)));
        return this;
    }

    DocumentQueryFilter status(List<AvailabilityStatus> statuses) {
        if (statuses != null && !statuses.isEmpty()) {
            conditions.add("o.status IN (" + bind(statuses.stream().map(RegistryStore::status).toList()) + ")");
        }
        return this;
    }

    /** On-demand entries are returned only when asked for; stable ones when nothing is said. */
    DocumentQueryFilter entryTypes(List<DocumentEntryType> types) {
        var names = types == null || types.isEmpty() ? List.of("stable")
                : types.stream().map(t -> t.name().toLowerCase()).toList();
        conditions.add("o.entry_type IN (" + bind(names) + ")");
        return this;
    }

    DocumentQueryFilter codes(String column, List<Code> codes) {
        if (codes != null && !codes.isEmpty()) {
            conditions.add("(" + String.join(" OR ", codes.stream().map(c -> codeMatch("o." + column, c)).toList()) + ")");
        }
        return this;
    }

    /** Each inner list ORs, the lists AND: one xds_value row must match per inner list. */
    DocumentQueryFilter valueCodes(String kind, QueryList<Code> lists) {
        if (lists == null) {
            return this;
        }
        for (var inner : lists.getOuterList()) {
            if (inner.isEmpty()) {
                continue;
            }
            conditions.add("EXISTS (SELECT 1 FROM xds_value v WHERE v.object_uuid = o.entry_uuid AND v.kind = "
                    + bind(kind) + " AND (" + String.join(" OR ", inner.stream().map(c -> codeMatch("v.val", c)).toList())
                    + "))");
        }
        return this;
    }

    DocumentQueryFilter values(String kind, List<String> values) {
        if (values != null && !values.isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM xds_value v WHERE v.object_uuid = o.entry_uuid AND v.kind = "
                    + bind(kind) + " AND v.val IN (" + bind(values) + "))");
        }
        return this;
    }

    /** Author person patterns with SQL-like wildcards % and _, as ITI-18 defines them. */
    DocumentQueryFilter authors(List<String> patterns) {
        if (patterns != null && !patterns.isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM xds_value v WHERE v.object_uuid = o.entry_uuid AND v.kind = 'authorPerson'"
                    + " AND (" + String.join(" OR ", patterns.stream().map(p -> "v.val LIKE " + bind(p)).toList()) + "))");
        }
        return this;
    }

    DocumentQueryFilter in(String column, List<String> values) {
        if (values != null && !values.isEmpty()) {
            conditions.add("o." + column + " IN (" + bind(values) + ")");
        }
        return this;
    }

    /** From is inclusive, To exclusive (ITI TF-2a 3.18.4.1.2.3.6). */
    DocumentQueryFilter time(String column, TimeRange range) {
        if (range != null && range.getFrom() != null) {
            conditions.add("o." + column + " >= " + bind(RegistryStore.time(range.getFrom())));
        }
        if (range != null && range.getTo() != null) {
            conditions.add("o." + column + " < " + bind(RegistryStore.time(range.getTo())));
        }
        return this;
    }

    String where() {
        return "WHERE " + String.join(" AND ", conditions);
    }

    private String codeMatch(String column, Code c) {
        if (c.getSchemeName() == null || c.getSchemeName().isEmpty()) {
            return column + " LIKE " + bind(c.getCode().replace("%", "\\%").replace("_", "\\_") + "^^%");
        }
        return column + " = " + bind(RegistryStore.code(c));
    }

    private String bind(Object value) {
        var name = "p" + (n++);
        params.addValue(name, value);
        return ":" + name;
    }
}
