-- What is counted: the lemma of the head noun ('spotkanie', 'rodzina'), 'zł' for money, '%' for percent.
CREATE SEQUENCE IF NOT EXISTS seq_measure START 1;
CREATE TABLE IF NOT EXISTS dim_measure (
    measure_id INTEGER PRIMARY KEY DEFAULT nextval('seq_measure'),
    lemma      VARCHAR NOT NULL,
    value_type VARCHAR NOT NULL,
    UNIQUE (lemma, value_type)
);
