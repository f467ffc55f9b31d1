-- Linked activities with a planned figure for a year but no actual fact (number or state) for
-- that year in any loaded document.
CREATE OR REPLACE VIEW v_data_quality_plan_without_actual AS
SELECT
    t.activity_key,
    any_value(t.series)                               AS activity,
    t.year,
    string_agg(DISTINCT t.document, ', ')             AS documents,
    count(*)                                          AS planned_facts
FROM v_activity_timeseries t
WHERE t.kind = 'planned'
  AND NOT EXISTS (
      SELECT 1 FROM v_activity_timeseries x
      WHERE x.activity_key = t.activity_key AND x.kind = 'actual' AND x.year IS NOT DISTINCT FROM t.year
  )
GROUP BY t.activity_key, t.year;
