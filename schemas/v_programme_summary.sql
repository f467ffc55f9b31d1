-- Per programme and year: documents, activities, facts, and budget totals, one rendition per
-- report (see v_facts: a report loaded as DOCX, PDF and text export counts once; renditions =
-- how many files were loaded for those reports). Budgets are money budget facts without "w tym"
-- parts (v_budget_by_unit). A budget for a range of years ("2025-2027") is counted under its first year in
-- budget_multi_year, apart from single-year budgets in budget_total.
CREATE OR REPLACE VIEW v_programme_summary AS
WITH facts AS (
    SELECT p.name AS programme, f.*, coalesce(a.activity_key, a.activity_id) AS activity_key
    FROM fact_measure f
    JOIN dim_document d USING (document_id)
    LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
    JOIN dim_activity a ON a.activity_id = f.activity_id
    WHERE d.status = 'loaded' AND NOT coalesce(d.superseded, false)
),
renditions AS (
    SELECT p.name AS programme, y.year, count(DISTINCT d.document_id) AS renditions
    FROM dim_document d
    LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
    JOIN (SELECT DISTINCT document_id, year FROM fact_measure) y ON y.document_id = d.document_id
    WHERE d.status = 'loaded'
    GROUP BY ALL
),
budgets AS (
    SELECT programme, year,
           coalesce(sum(value) FILTER (WHERE coalesce(year_end, year) = year), 0) AS budget_total,
           coalesce(sum(value) FILTER (WHERE year_end > year), 0)                 AS budget_multi_year
    FROM (
        SELECT DISTINCT b.fact_id, b.programme, b.year, b.year_end, b.value
        FROM v_budget_by_unit b
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
    coalesce(any_value(b.budget_multi_year), 0)                             AS budget_multi_year,
    coalesce(any_value(r.renditions), 0)                                    AS renditions
FROM facts f
LEFT JOIN budgets b ON b.programme IS NOT DISTINCT FROM f.programme AND b.year IS NOT DISTINCT FROM f.year
LEFT JOIN renditions r ON r.programme IS NOT DISTINCT FROM f.programme AND r.year IS NOT DISTINCT FROM f.year
GROUP BY f.programme, f.year;
