-- Facts to check by eye: status-only facts (no number) and facts read by OCR with word
-- confidence below 60 (the pipeline's LOW_CONFIDENCE). issue = 'status_only' | 'low_confidence'.
-- One rendition per report (see v_facts): other renditions of the same report are left out.
CREATE OR REPLACE VIEW v_data_quality_facts AS
SELECT
    CASE WHEN f.confidence < 60 THEN 'low_confidence' ELSE 'status_only' END AS issue,
    d.file_name AS document,
    a.name      AS activity,
    f.kind,
    f.year,
    f.value,
    m.lemma     AS measure,
    f.status,
    f.confidence,
    f.page,
    f.row_index AS "row",
    f.raw_text
FROM fact_measure f
JOIN dim_document d USING (document_id)
JOIN dim_activity a ON a.activity_id = f.activity_id
LEFT JOIN dim_measure m ON m.measure_id = f.measure_id
WHERE d.status = 'loaded' AND NOT coalesce(d.superseded, false) AND (f.value IS NULL OR f.confidence < 60);
