-- A responsible unit (komórka/jednostka) as one entity, whatever name, abbreviation or code a report used.
CREATE SEQUENCE IF NOT EXISTS seq_unit START 1;
CREATE TABLE IF NOT EXISTS dim_unit (
    unit_id      INTEGER PRIMARY KEY DEFAULT nextval('seq_unit'),
    name         VARCHAR NOT NULL UNIQUE,
    abbreviation VARCHAR
);
