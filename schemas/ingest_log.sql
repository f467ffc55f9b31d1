-- Every ingest attempt, successful or not: when, which file, which content, what happened.
CREATE TABLE IF NOT EXISTS ingest_log (
    run_at    TIMESTAMP DEFAULT current_timestamp,
    file_name VARCHAR NOT NULL,
    path      VARCHAR,
    sha256    VARCHAR,
    status    VARCHAR NOT NULL,  -- loaded | failed | unchanged | removed
    error     VARCHAR,
    facts     INTEGER,
    seconds   DOUBLE
);
