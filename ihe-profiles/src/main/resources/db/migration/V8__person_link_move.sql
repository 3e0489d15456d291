-- What a merge moved, so an operator can undo it exactly: each identifier and source record of the retired
-- person (or the retired identifier alone, when both were one person already), with its person and status
-- before. One schema for H2 and PostgreSQL.
CREATE TABLE person_link_move (
    event_id    BIGINT       NOT NULL REFERENCES person_link_event (id),
    from_person BIGINT       NOT NULL,
    -- an identifier (domain_code, id_value) or a source record (record_id)
    domain_code VARCHAR(64),
    id_value    VARCHAR(200),
    record_id   BIGINT,
    status      VARCHAR(16)  NOT NULL
);
CREATE INDEX ix_person_link_move_event ON person_link_move (event_id);
