-- Per programme and year: documents, activities, facts, and budget totals (money budget facts,
-- "w tym" parts left out). A budget for a range of years ("2025-2027") is counted under its first
-- year in budget_multi_year, apart from single-year budgets in budget_total.
CREATE OR REPLACE VIEW v_programme_summary AS
SELECT
    p.name                                                                  AS programme,
    f.year,
    count(DISTINCT f.document_id)                                           AS documents,
    count(DISTINCT f.activity_id)                                           AS activities,
    count(DISTINCT coalesce(a.activity_key, a.activity_id))                 AS linked_activities,
    count(*)                                                                AS facts,
    count(*) FILTER (WHERE f.value IS NULL)                                 AS status_only_facts,
    count(*) FILTER (WHERE f.kind = 'planned' AND f.value IS NOT NULL)      AS planned_facts,
    count(*) FILTER (WHERE f.kind = 'actual' AND f.value IS NOT NULL)       AS actual_facts,
    count(*) FILTER (WHERE f.kind = 'target' AND f.value IS NOT NULL)       AS target_facts,
    coalesce(sum(f.value) FILTER (WHERE f.kind = 'budget' AND f.value_type = 'money' AND f.part_of IS NULL
                                  AND coalesce(f.year_end, f.year) = f.year), 0) AS budget_total,
    coalesce(sum(f.value) FILTER (WHERE f.kind = 'budget' AND f.value_type = 'money' AND f.part_of IS NULL
                                  AND f.year_end > f.year), 0)              AS budget_multi_year
FROM fact_measure f
JOIN dim_document d USING (document_id)
LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
JOIN dim_activity a ON a.activity_id = f.activity_id
WHERE d.status = 'loaded'
GROUP BY p.name, f.year;
