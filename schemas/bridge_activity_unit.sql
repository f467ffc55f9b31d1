-- Which units are responsible for an activity in a given document (a row may name several).
CREATE TABLE IF NOT EXISTS bridge_activity_unit (
    document_id INTEGER NOT NULL,
    activity_id INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    position    INTEGER,
    code        VARCHAR,
    PRIMARY KEY (document_id, activity_id, unit_id)
);
