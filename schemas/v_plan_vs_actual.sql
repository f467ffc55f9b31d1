-- Planned against actual per linked activity (activity_key), measure and year, with
-- realisation = actual / planned (NULL when nothing or zero was planned).
-- Values are sums over the activity's facts of that kind, measure and year, leaving out "w tym"
-- parts (their total is already counted). When several documents report the same kind for the
-- same activity, measure and year, the most recently loaded document's figure is used (a newer
-- report supersedes an older one; they are not added). One rendition per report (v_activity_timeseries). Rows exist where either side has a
-- number; actual_status carries the state reported for the activity and year (e.g. not_held).
CREATE OR REPLACE VIEW v_plan_vs_actual AS
WITH per_document AS (
    SELECT t.activity_key, t.measure, t.value_type, t.year, t.kind, f.document_id,
           sum(t.value) AS value, count(*) AS facts
    FROM v_activity_timeseries t
    JOIN fact_measure f USING (fact_id)
    WHERE t.kind IN ('planned', 'actual') AND t.value IS NOT NULL AND NOT t.is_part AND t.year IS NOT NULL
    GROUP BY ALL
),
latest AS (
    SELECT activity_key, measure, value_type, year, kind,
           arg_max(value, document_id)         AS value,
           arg_max(document_id, document_id)   AS document_id
    FROM per_document
    GROUP BY ALL
),
statuses AS (
    SELECT activity_key, year, string_agg(DISTINCT status, ', ' ORDER BY status) AS actual_status
    FROM v_activity_timeseries
    WHERE kind = 'actual' AND status IS NOT NULL
    GROUP BY ALL
)
SELECT
    l.activity_key,
    k.series                                                  AS activity,
    l.measure,
    l.value_type,
    l.year,
    max(l.value) FILTER (WHERE l.kind = 'planned')            AS planned,
    max(l.value) FILTER (WHERE l.kind = 'actual')             AS actual,
    CASE WHEN max(l.value) FILTER (WHERE l.kind = 'planned') > 0
         THEN max(l.value) FILTER (WHERE l.kind = 'actual') / max(l.value) FILTER (WHERE l.kind = 'planned')
    END                                                       AS realisation,
    s.actual_status,
    max(d.file_name) FILTER (WHERE l.kind = 'planned')        AS planned_document,
    max(d.file_name) FILTER (WHERE l.kind = 'actual')         AS actual_document
FROM latest l
JOIN v_activity_series k ON k.activity_key = l.activity_key
JOIN dim_document d ON d.document_id = l.document_id
LEFT JOIN statuses s ON s.activity_key = l.activity_key AND s.year = l.year
GROUP BY l.activity_key, k.series, l.measure, l.value_type, l.year, s.actual_status;
