-- Analyst queries for the raporty warehouse (DuckDB). Run them with
--   duckdb -readonly data/warehouse/raporty.duckdb < examples/queries.sql
-- (the duckdb CLI 1.1 or later: `pip install duckdb-cli`), with `raporty sql < examples/queries.sql`,
-- or paste one at a time. Every query reads the views (v_facts, v_plan_vs_actual, …), never the
-- raw tables, so they keep working when the storage changes. A report loaded in several files
-- (DOCX, PDF, text export) is counted once in all of them; v_facts_all has every file.

-- 1. Which activities fell furthest behind their plan? Realisation = actual / planned for the
--    same activity, measure ("rodzina", "spotkanie", …) and year.
SELECT activity, measure, year, planned, actual, round(100 * realisation, 1) AS realisation_pct
FROM v_plan_vs_actual
WHERE realisation IS NOT NULL
ORDER BY realisation, activity
LIMIT 20;

-- 2. Activities that did not take place (or were not achieved), with the sentence that says so.
SELECT document, section_code, activity, year, status, raw_text
FROM v_facts
WHERE value IS NULL AND status IN ('not_held', 'not_achieved', 'postponed')
ORDER BY document, section_code, activity;

-- 3. Budget per responsible unit and year. A budget shared by several units is split equally
--    (unit_share), so the column adds up to the programme's total without double counting.
--    One rendition per report, "w tym" parts left out (their total is counted).
SELECT coalesce(unit, '(no unit named)') AS unit, year, year_end,
       round(sum(unit_share), 2) AS budget_zl,
       count(DISTINCT activity_key) AS activities,
       count(*) FILTER (WHERE shared) AS shared_budgets
FROM v_budget_by_unit
GROUP BY ALL
ORDER BY budget_zl DESC;

-- 4. One activity through programmes and years: activities linked across reports (activity_key)
--    that have figures for more than one year, with every number reported for them.
--    link_confidence < 1 means a reworded name in a later report was linked to this series.
SELECT series, activity, link_confidence, programme, kind, year, year_end, value, measure, document
FROM v_activity_timeseries
WHERE activity_key IN (
    SELECT activity_key FROM v_activity_timeseries GROUP BY activity_key HAVING count(DISTINCT year) > 1
)
  AND value IS NOT NULL AND NOT is_part
ORDER BY series, year, kind, measure, document;

-- 5. The programmes at a glance: documents, activities, facts and budget per year.
SELECT programme, year, documents, activities, facts, status_only_facts, planned_facts, actual_facts,
       target_facts, budget_total, budget_multi_year
FROM v_programme_summary
ORDER BY programme, year;

-- 6. What is counted: the most frequent measures, with their value type and total ("w tym"
--    breakdown rows, is_part, left out: their total is a row of its own).
SELECT measure, value_type, count(*) AS facts, count(DISTINCT activity) AS activities, sum(value) AS total
FROM v_facts
WHERE value IS NOT NULL AND NOT is_part
GROUP BY ALL
ORDER BY facts DESC
LIMIT 15;

-- 7. Units responsible for the most activities (a row may name several units).
SELECT unit, count(DISTINCT activity) AS activities, count(*) AS facts
FROM (SELECT unnest(units) AS unit, activity FROM v_facts)
GROUP BY unit
ORDER BY activities DESC, unit
LIMIT 15;

-- 8. Data quality per document: facts, states, OCR doubts and value cells that gave no fact.
SELECT document, status, error, facts, status_only_facts, low_confidence_facts, value_cells_without_facts
FROM v_data_quality_documents
ORDER BY status DESC, value_cells_without_facts DESC, document;
