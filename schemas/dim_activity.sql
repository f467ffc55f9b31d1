-- An activity (działanie) or indicator (wskaźnik) named in a report row. activity_key links the same
-- activity across reports and years; link_confidence says how sure that link is (1.0 = same text).
CREATE SEQUENCE IF NOT EXISTS seq_activity START 1;
CREATE TABLE IF NOT EXISTS dim_activity (
    activity_id     INTEGER PRIMARY KEY DEFAULT nextval('seq_activity'),
    name            VARCHAR NOT NULL,
    normalised      VARCHAR NOT NULL UNIQUE,
    activity_key    INTEGER,
    link_confidence DOUBLE
);
