-- Budget (money) facts per responsible unit. A budget shared by several units is listed once per
-- unit, with the full amount in `value`, the number of units in `unit_count`, shared = true and
-- an equal split in `unit_share` (value / unit_count). Sum unit_share to total by unit (no double
-- counting); sum value only per activity. Activities with no recognised unit get unit NULL.
-- "w tym" parts are left out (their total is the activity's budget).
-- One rendition per report (see v_facts): the same report loaded as DOCX, PDF and text export
-- counts once. superseded is kept for older queries ("WHERE NOT superseded") and is always false.
CREATE OR REPLACE VIEW v_budget_by_unit AS
WITH budgets AS (
    SELECT f.fact_id, f.document_id, f.activity_id, f.section_id, f.year, f.year_end, f.value,
           f.qualifier, f.raw_text,
           coalesce(a.activity_key, a.activity_id) AS activity_key,
           (SELECT count(*) FROM bridge_activity_unit b
             WHERE b.document_id = f.document_id AND b.activity_id = f.activity_id) AS unit_count
    FROM fact_measure f
    JOIN dim_document d USING (document_id)
    JOIN dim_activity a ON a.activity_id = f.activity_id
    WHERE d.status = 'loaded' AND NOT coalesce(d.superseded, false) AND f.kind = 'budget' AND f.value_type = 'money' AND f.value IS NOT NULL
      AND f.part_of IS NULL
),
ranked AS (
    SELECT *, false AS superseded FROM budgets
)
SELECT
    p.name                                          AS programme,
    d.file_name                                     AS document,
    s.path_code                                     AS section_code,
    a.name                                          AS activity,
    g.activity_key,
    u.name                                          AS unit,
    u.abbreviation                                  AS unit_abbreviation,
    g.year,
    g.year_end,
    g.value,
    greatest(g.unit_count, 1)                       AS unit_count,
    g.unit_count > 1                                AS shared,
    g.value / greatest(g.unit_count, 1)             AS unit_share,
    g.superseded,
    g.qualifier,
    g.raw_text,
    g.fact_id
FROM ranked g
JOIN dim_document d ON d.document_id = g.document_id
LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
LEFT JOIN dim_section s ON s.section_id = g.section_id
JOIN dim_activity a ON a.activity_id = g.activity_id
LEFT JOIN bridge_activity_unit b ON b.document_id = g.document_id AND b.activity_id = g.activity_id
LEFT JOIN dim_unit u ON u.unit_id = b.unit_id;
