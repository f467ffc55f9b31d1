-- The analysts' view: one row per measure. Columns are the project contract (see README).
-- v_facts_all holds every loaded document; v_facts one rendition per report (the same report
-- loaded as DOCX, PDF and text export counts once: DOCX > text PDF > text export > scan).
-- is_part marks "w tym" breakdown rows (fact_measure.part_of): their total is a row of its own,
-- so leave them out when summing (WHERE NOT is_part).
CREATE OR REPLACE VIEW v_facts_all AS
SELECT
    d.file_name                                   AS document,
    p.name                                        AS programme,
    s.path_code                                   AS section_code,
    s.title                                       AS task,
    a.name                                        AS activity,
    coalesce((SELECT list(u.name ORDER BY b.position)
              FROM bridge_activity_unit b JOIN dim_unit u USING (unit_id)
              WHERE b.document_id = f.document_id AND b.activity_id = f.activity_id), [])::VARCHAR[] AS units,
    f.year,
    f.year_end,
    f.kind,
    f.value,
    m.lemma                                       AS measure,
    f.value_type,
    f.qualifier,
    f.status,
    f.raw_text,
    f.page,
    f.row_index                                   AS "row",
    f.part_of IS NOT NULL                         AS is_part,
    d.format,
    coalesce(d.report_id, d.document_id)          AS report_id,
    coalesce(d.superseded, false)                 AS superseded
FROM fact_measure f
JOIN dim_document d USING (document_id)
LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
LEFT JOIN dim_section s ON s.section_id = f.section_id
JOIN dim_activity a ON a.activity_id = f.activity_id
LEFT JOIN dim_measure m ON m.measure_id = f.measure_id
WHERE d.status = 'loaded';

CREATE OR REPLACE VIEW v_facts AS
SELECT * EXCLUDE (superseded) FROM v_facts_all WHERE NOT superseded;
