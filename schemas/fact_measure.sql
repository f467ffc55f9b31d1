-- One row per measure (or status-only statement) of an activity, for one kind and year, with provenance.
CREATE SEQUENCE IF NOT EXISTS seq_fact START 1;
CREATE TABLE IF NOT EXISTS fact_measure (
    fact_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_fact'),
    document_id  INTEGER NOT NULL,
    section_id   INTEGER,
    activity_id  INTEGER NOT NULL,
    measure_id   INTEGER,
    kind         VARCHAR NOT NULL CHECK (kind IN ('planned', 'actual', 'budget', 'baseline', 'target')),
    year         INTEGER,
    year_end     INTEGER,
    value        DOUBLE,
    value_type   VARCHAR,
    qualifier    VARCHAR,
    status       VARCHAR,
    confidence   DOUBLE,
    part_of      BIGINT,
    page         INTEGER,
    table_index  INTEGER,
    row_index    INTEGER,
    col_index    INTEGER,
    raw_text     VARCHAR NOT NULL
);
