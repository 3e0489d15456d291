package org.qiao.record;

import org.qiao.pix.Identifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** All SQL on visit_event (V12): the visits the ADT feeds report, written in the feed's transaction. */
public class VisitStore {

    private final NamedParameterJdbcTemplate jdbc;

    public VisitStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Identifier patient, Visit.Kind kind, OffsetDateTime occurredAt, String hospital,
                       String patientClass, String visitNumber, String location, String attending, String diagnoses,
                       String controlId) {
        jdbc.update("""
                INSERT INTO visit_event (domain_code, id_value, kind, occurred_at, hospital, patient_class, visit_number,
                    location, attending, diagnoses, control_id)
                VALUES (:domain, :value, :kind, :at, :hospital, :class, :visit, :location, :attending, :diagnoses,
                    :control)""", new MapSqlParameterSource("domain", patient.domain())
                .addValue("value", patient.value()).addValue("kind", kind.name()).addValue("at", occurredAt)
                .addValue("hospital", clip(hospital, 250)).addValue("class", clip(patientClass, 8))
                .addValue("visit", clip(visitNumber, 200)).addValue("location", clip(location, 200))
                .addValue("attending", clip(attending, 400)).addValue("diagnoses", clip(diagnoses, 2000))
                .addValue("control", clip(controlId, 200)));
    }

    /**
     * The visits of some source identifiers, newest first, at most {@code max}. One indexed branch per identifier
     * (visit_event_patient), joined by UNION ALL: written as one WHERE with OR of (domain AND value) pairs, H2 scans
     * the whole table instead (bench/PROFILE.md, "Console"). The identifiers are deduplicated, as a row has one.
     */
    public List<Visit> visitsOf(Collection<Identifier> identifiers, int max) {
        var distinct = new LinkedHashSet<>(identifiers);
        if (distinct.isEmpty()) {
            return List.of();
        }
        var p = new MapSqlParameterSource("max", max);
        var union = new StringBuilder();
        int i = 0;
        for (var id : distinct) {
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM visit_event WHERE domain_code = :d")
                    .append(i).append(" AND id_value = :v").append(i);
            p.addValue("d" + i, id.domain()).addValue("v" + i, id.value());
            i++;
        }
        return jdbc.query("SELECT * FROM (" + union + ") v ORDER BY occurred_at DESC, id DESC"
                + " FETCH FIRST :max ROWS ONLY", p, (rs, row) -> new Visit(rs.getLong("id"),
                rs.getString("domain_code"), rs.getString("id_value"), Visit.Kind.valueOf(rs.getString("kind")),
                rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("hospital"),
                rs.getString("patient_class"), rs.getString("visit_number"), rs.getString("location"),
                rs.getString("attending"), rs.getString("diagnoses"), rs.getString("control_id")));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
