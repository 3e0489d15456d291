-- XDS.b Document Repository: which bytes (by SHA-1, in the DocumentStore) a document uniqueId stands for.
CREATE TABLE repository_document (
    unique_id   VARCHAR(128) PRIMARY KEY,
    hash        VARCHAR(40)  NOT NULL,
    doc_size    BIGINT       NOT NULL,
    mime_type   VARCHAR(128) NOT NULL,
    stored_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
