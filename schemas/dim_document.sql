-- One row per ingested file (by file name); status 'loaded' or 'failed' with the one-line reason.
CREATE SEQUENCE IF NOT EXISTS seq_document START 1;
CREATE TABLE IF NOT EXISTS dim_document (
    document_id   INTEGER PRIMARY KEY DEFAULT nextval('seq_document'),
    file_name     VARCHAR NOT NULL UNIQUE,
    path          VARCHAR,
    sha256        VARCHAR NOT NULL,
    format        VARCHAR,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'failed')),
    error         VARCHAR,
    warnings      VARCHAR[],
    programme_id  INTEGER,
    year_from     INTEGER,
    year_to       INTEGER,
    pages         INTEGER,
    loaded_at     TIMESTAMP DEFAULT current_timestamp
);
-- The name the issue tracker and analysts use for the same table.
CREATE OR REPLACE VIEW documents AS SELECT * FROM dim_document;
