-- A programme (program, strategia) a report belongs to, e.g. "Program Wspierania Rodziny … na lata 2019-2021".
CREATE SEQUENCE IF NOT EXISTS seq_programme START 1;
CREATE TABLE IF NOT EXISTS dim_programme (
    programme_id INTEGER PRIMARY KEY DEFAULT nextval('seq_programme'),
    name         VARCHAR NOT NULL UNIQUE,
    year_from    INTEGER,
    year_to      INTEGER
);
