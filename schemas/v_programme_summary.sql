-- Per programme and year: documents, activities, facts, and budget totals. Budgets are money
-- budget facts without "w tym" parts, and only the latest-loaded document's budget per linked
-- activity and years (see v_budget_by_unit.superseded), so a report loaded in two formats is not
-- counted twice. A budget for a range of years ("2025-2027") is counted under its first year in
-- budget_multi_year, apart from single-year budgets in budget_total.
CREATE OR REPLACE VIEW v_programme_summary AS
WITH facts AS (
    SELECT p.name AS programme, f.*, coalesce(a.activity_key, a.activity_id) AS activity_key
    FROM fact_measure f
    JOIN dim_document d USING (document_id)
    LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
    JOIN dim_activity a ON a.activity_id = f.activity_id
    WHERE d.status = 'loaded'
),
budgets AS (
    SELECT programme, year,
           coalesce(sum(value) FILTER (WHERE coalesce(year_end, year) = year), 0) AS budget_total,
           coalesce(sum(value) FILTER (WHERE year_end > year), 0)                 AS budget_multi_year
    FROM (
        SELECT DISTINCT b.fact_id, b.programme, b.year, b.year_end, b.value
        FROM v_budget_by_unit b
        WHERE NOT b.superseded
    )
    GROUP BY programme, year
)
SELECT
    f.programme,
    f.year,
    count(DISTINCT f.document_id)                                           AS documents,
    count(DISTINCT f.activity_id)                                           AS activities,
    count(DISTINCT f.activity_key)                                          AS linked_activities,
    count(*)                                                                AS facts,
    count(*) FILTER (WHERE f.value IS NULL)                                 AS status_only_facts,
    count(*) FILTER (WHERE f.kind = 'planned' AND f.value IS NOT NULL)      AS planned_facts,
    count(*) FILTER (WHERE f.kind = 'actual' AND f.value IS NOT NULL)       AS actual_facts,
    count(*) FILTER (WHERE f.kind = 'target' AND f.value IS NOT NULL)       AS target_facts,
    coalesce(any_value(b.budget_total), 0)                                  AS budget_total,
    coalesce(any_value(b.budget_multi_year), 0)                             AS budget_multi_year
FROM facts f
LEFT JOIN budgets b ON b.programme IS NOT DISTINCT FROM f.programme AND b.year IS NOT DISTINCT FROM f.year
GROUP BY f.programme, f.year;
