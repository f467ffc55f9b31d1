-- Applied migrations; the highest version is the warehouse's schema version.
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT current_timestamp
);
