-- A PDQ answer lists each matched person's active identifiers (PatientStore.activeIdentifiers). With an index on
-- person_id alone, every identifier row was then fetched from the table: at 1 M residents that was 8-9 B-tree
-- pages read per query for a person's three identifiers, more than the search itself read (bench/PROFILE.md,
-- round 7). An index holding every column that lookup reads lets H2 answer it from the index alone (PostgreSQL
-- can too, as an index-only scan), and, led by person_id, it still serves every other lookup by person.
CREATE INDEX patient_identifier_person_ids ON patient_identifier (person_id, status, assigned_at, domain_code, id_value);
DROP INDEX patient_identifier_person;
