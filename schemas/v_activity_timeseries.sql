-- One row per fact with the cross-report activity key: follow one activity through reports and years.
-- series = the series' display name (see v_activity_series); activity = the name in this document.
-- One rendition per report (see v_facts): other renditions of the same report are left out.
-- is_part marks "w tym" sub-measures (their totals are separate rows): leave them out when summing.
CREATE OR REPLACE VIEW v_activity_timeseries AS
SELECT
    coalesce(a.activity_key, a.activity_id)        AS activity_key,
    k.series,
    a.name                                         AS activity,
    a.link_confidence,
    m.lemma                                        AS measure,
    f.value_type,
    f.kind,
    f.year,
    f.year_end,
    f.value,
    f.qualifier,
    f.status,
    f.part_of IS NOT NULL                          AS is_part,
    d.file_name                                    AS document,
    p.name                                         AS programme,
    f.fact_id
FROM fact_measure f
JOIN dim_document d USING (document_id)
LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
JOIN dim_activity a ON a.activity_id = f.activity_id
LEFT JOIN v_activity_series k ON k.activity_key = coalesce(a.activity_key, a.activity_id)
LEFT JOIN dim_measure m ON m.measure_id = f.measure_id
WHERE d.status = 'loaded' AND NOT coalesce(d.superseded, false);
