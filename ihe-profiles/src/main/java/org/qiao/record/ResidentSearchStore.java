package org.qiao.record;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The console's resident search: SQL on patient_fullname_key (V12), patient_record and patient_identifier, which
 * the person index writes. Persons come back oldest first, at most {@code max}, each once.
 */
public class ResidentSearchStore {

    private static final String ACTIVE = "ACTIVE";
    private final JdbcTemplate jdbc;

    public ResidentSearchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Persons with an active record whose name key starts with {@code keyPrefix}, of a birth day if given. */
    public List<Long> byNamePrefix(String keyPrefix, String birthDay, int max) {
        var like = keyPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        if (birthDay == null) {
            return jdbc.queryForList("""
                    SELECT DISTINCT r.person_id FROM patient_fullname_key k JOIN patient_record r ON r.id = k.record_id
                    WHERE k.name_key LIKE ? ESCAPE '\\' AND r.status = ? ORDER BY r.person_id FETCH FIRST ? ROWS ONLY""",
                    Long.class, like, ACTIVE, max);
        }
        return jdbc.queryForList("""
                SELECT DISTINCT r.person_id FROM patient_fullname_key k JOIN patient_record r ON r.id = k.record_id
                WHERE k.name_key LIKE ? ESCAPE '\\' AND r.status = ? AND r.birth_day = ?
                ORDER BY r.person_id FETCH FIRST ? ROWS ONLY""", Long.class, like, ACTIVE, birthDay, max);
    }

    /** Persons born on a day (YYYYMMDD). */
    public List<Long> byBirthDay(String birthDay, int max) {
        return jdbc.queryForList("""
                SELECT DISTINCT person_id FROM patient_record WHERE birth_day = ? AND status = ?
                ORDER BY person_id FETCH FIRST ? ROWS ONLY""", Long.class, birthDay, ACTIVE, max);
    }

    /** Persons an active identifier of that value names, in any domain (a national ID, health card or MRN). */
    public List<Long> byIdentifierValue(String value, int max) {
        return jdbc.queryForList("""
                SELECT DISTINCT person_id FROM patient_identifier WHERE id_value = ? AND status = ?
                ORDER BY person_id FETCH FIRST ? ROWS ONLY""", Long.class, value, ACTIVE, max);
    }
}
