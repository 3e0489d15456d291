-- Several engine processes on one database (issue 24).

-- One row per job only one process may run at a time; the job's transaction locks its row (JobLocks).
CREATE TABLE job_lock (
    name VARCHAR(64) PRIMARY KEY
);
INSERT INTO job_lock (name) VALUES ('statistics-roll-up');

-- PDQ interactive continuations (ITI-21/22 DSC, ITI-47 QUQI_IN000003UV01), so the next page may be asked of any
-- process (QueryContinuations). chain_key = consumer (MSH-3^MSH-4 or the v3 sender) | query tag.
CREATE TABLE pdq_continuation (
    chain_key        VARCHAR(700) PRIMARY KEY,
    token            VARCHAR(32)  NOT NULL,
    matches          TEXT         NOT NULL,  -- person:record,person:record,... in answer order
    returned_domains VARCHAR(2000) NOT NULL, -- domain codes, comma-separated
    page_size        INT          NOT NULL,
    next_offset      INT          NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX pdq_continuation_expiry ON pdq_continuation (expires_at);

-- The pages of FHIR searches (ITI-67, ITI-78 ... next links), so a next link works on any process
-- (DatabasePagingProvider). resources: the JSON of the whole answer's resources, in order.
CREATE TABLE fhir_search_page (
    id         VARCHAR(64) PRIMARY KEY,
    resources  TEXT        NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX fhir_search_page_expiry ON fhir_search_page (expires_at);

-- The engine processes sharing this database: each writes its row at start and every few seconds (EngineNodes).
CREATE TABLE engine_node (
    node_id      VARCHAR(200) PRIMARY KEY,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    state        VARCHAR(16)  NOT NULL,   -- SERVING, DRAINING, STOPPED
    claims       VARCHAR(2000)            -- destination=message id, ... held at the last heartbeat
);

-- Blocks of MSH-10 control ids for the messages the engine writes (ControlIds): one number per block, so processes
-- sharing the database never send two messages with one control id (receivers tell repeats by it).
CREATE SEQUENCE hl7_control_id_block START WITH 1 INCREMENT BY 1;
