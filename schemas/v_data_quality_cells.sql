-- Value cells (planned, actual, budget, baseline, target columns) with text that gave no fact:
-- the first place to look for numbers or states the normaliser missed.
-- One rendition per report (see v_facts): other renditions of the same report are left out.
CREATE OR REPLACE VIEW v_data_quality_cells AS
SELECT
    d.file_name AS document,
    c.table_index,
    c.row_index,
    c.col_index,
    c.column_kind,
    c.column_header,
    c.year,
    c.page,
    c.confidence,
    c.text
FROM stg_cell c
JOIN dim_document d USING (document_id)
WHERE d.status = 'loaded' AND NOT coalesce(d.superseded, false)
  AND c.column_kind IN ('planned', 'actual', 'budget', 'baseline', 'target')
  AND c.facts = 0
  AND trim(c.text) <> '';
