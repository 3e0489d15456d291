-- XDS.b Document Registry. Each registry object is kept whole (IPF's XDS model as XML) with the
-- attributes the stored queries filter on in indexed columns.

CREATE TABLE xds_object (
    entry_uuid          VARCHAR(64)  PRIMARY KEY,
    logical_uuid        VARCHAR(64)  NOT NULL,
    version             INT          NOT NULL,
    object_type         VARCHAR(16)  NOT NULL,
    status              VARCHAR(64)  NOT NULL,
    patient_id          VARCHAR(300) NOT NULL,
    unique_id           VARCHAR(128) NOT NULL,
    entry_type          VARCHAR(16),
    class_code          VARCHAR(300),
    type_code           VARCHAR(300),
    format_code         VARCHAR(300),
    practice_code       VARCHAR(300),
    facility_code       VARCHAR(300),
    content_type_code   VARCHAR(300),
    creation_time       VARCHAR(14),
    service_start       VARCHAR(14),
    service_stop        VARCHAR(14),
    submission_time     VARCHAR(14),
    last_update_time    VARCHAR(14),
    source_id           VARCHAR(128),
    hash                VARCHAR(64),
    doc_size            BIGINT,
    repository_id       VARCHAR(128),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    content             TEXT         NOT NULL
);
CREATE INDEX xds_object_patient ON xds_object (patient_id, object_type, status);
CREATE INDEX xds_object_unique ON xds_object (unique_id);
CREATE INDEX xds_object_logical ON xds_object (logical_uuid);
CREATE INDEX xds_object_docs ON xds_object (patient_id, object_type, class_code, creation_time);

CREATE TABLE xds_association (
    entry_uuid       VARCHAR(64)  PRIMARY KEY,
    association_type VARCHAR(100) NOT NULL,
    source_uuid      VARCHAR(64)  NOT NULL,
    target_uuid      VARCHAR(64)  NOT NULL,
    status           VARCHAR(64)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    content          TEXT         NOT NULL
);
CREATE INDEX xds_association_source ON xds_association (source_uuid);
CREATE INDEX xds_association_target ON xds_association (target_uuid);

-- Multi-valued query attributes: event codes, confidentiality codes, folder codes, author persons,
-- reference ids.
CREATE TABLE xds_value (
    object_uuid VARCHAR(64)  NOT NULL,
    kind        VARCHAR(24)  NOT NULL,
    val         VARCHAR(512) NOT NULL
);
CREATE INDEX xds_value_lookup ON xds_value (kind, val);
CREATE INDEX xds_value_object ON xds_value (object_uuid);
