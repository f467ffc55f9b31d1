-- The raw layer: every extracted cell, whether or not it gave a fact, so nothing is lost.
CREATE TABLE IF NOT EXISTS stg_cell (
    document_id  INTEGER NOT NULL,
    table_index  INTEGER,          -- NULL for text the extractor could not place in a table
    row_index    INTEGER,
    col_index    INTEGER,
    column_kind  VARCHAR,
    column_header VARCHAR,
    year         INTEGER,
    year_end     INTEGER,
    text         VARCHAR NOT NULL,
    page         INTEGER,
    paragraph    INTEGER,
    confidence   DOUBLE,
    facts        INTEGER           -- how many facts the cell gave
);
