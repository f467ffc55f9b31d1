-- The report hierarchy per document: goal (cel) → task (zadanie) → subsection, with its parent.
CREATE SEQUENCE IF NOT EXISTS seq_section START 1;
CREATE TABLE IF NOT EXISTS dim_section (
    section_id        INTEGER PRIMARY KEY DEFAULT nextval('seq_section'),
    document_id       INTEGER NOT NULL,
    section_index     INTEGER NOT NULL,
    code              VARCHAR,
    path_code         VARCHAR,
    title             VARCHAR NOT NULL,
    level             INTEGER,
    parent_section_id INTEGER,
    notes             VARCHAR[]
);
