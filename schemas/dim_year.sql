-- Calendar years facts refer to (filled from the facts as they load).
CREATE TABLE IF NOT EXISTS dim_year (
    year INTEGER PRIMARY KEY
);
