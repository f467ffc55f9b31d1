-- Every spelling seen for a unit: full names, abbreviations (MOPS), codes (MOPS/OBA, SZ/PSD/03).
CREATE TABLE IF NOT EXISTS unit_alias (
    alias   VARCHAR PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    kind    VARCHAR  -- name | abbreviation | code | fuzzy
);
