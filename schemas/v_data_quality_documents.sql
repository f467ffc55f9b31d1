-- Data quality per document: status and failure reason, facts, status-only facts, facts read by
-- OCR (they carry a word confidence) and the low-confidence ones among them (confidence below 60,
-- the pipeline's LOW_CONFIDENCE), value cells that gave no
-- fact, text the extractor could not place in a table, extraction warnings. Every rendition of a
-- report is listed; superseded = another rendition is the one v_facts counts (rendition_of names it).
CREATE OR REPLACE VIEW v_data_quality_documents AS
SELECT
    d.file_name                                                                   AS document,
    d.format,
    d.status,
    d.error,
    d.pages,
    p.name                                                                        AS programme,
    coalesce(f.facts, 0)                                                          AS facts,
    coalesce(f.status_only, 0)                                                    AS status_only_facts,
    coalesce(f.ocr, 0)                                                            AS ocr_facts,
    coalesce(f.low_confidence, 0)                                                 AS low_confidence_facts,
    coalesce(f.activities, 0)                                                     AS activities,
    coalesce(c.value_cells, 0)                                                    AS value_cells,
    coalesce(c.value_cells_without_facts, 0)                                      AS value_cells_without_facts,
    coalesce(c.unplaced_text, 0)                                                  AS unplaced_text,
    coalesce(len(d.warnings), 0)                                                  AS warnings,
    d.loaded_at,
    coalesce(d.superseded, false)                                                 AS superseded,
    (SELECT first(r.file_name ORDER BY r.rendition_rank, r.document_id DESC) FROM dim_document r
      WHERE r.report_id = d.report_id AND NOT coalesce(r.superseded, false)
        AND r.document_id <> d.document_id)                                      AS rendition_of,
    d.encoding
FROM dim_document d
LEFT JOIN dim_programme p ON p.programme_id = d.programme_id
LEFT JOIN (
    SELECT document_id, count(*) AS facts, count(*) FILTER (WHERE value IS NULL) AS status_only,
           count(*) FILTER (WHERE confidence IS NOT NULL) AS ocr,
           count(*) FILTER (WHERE confidence < 60) AS low_confidence, count(DISTINCT activity_id) AS activities
    FROM fact_measure GROUP BY document_id
) f ON f.document_id = d.document_id
LEFT JOIN (
    SELECT document_id,
           count(*) FILTER (WHERE column_kind IN ('planned', 'actual', 'budget', 'baseline', 'target')) AS value_cells,
           count(*) FILTER (WHERE column_kind IN ('planned', 'actual', 'budget', 'baseline', 'target')
                              AND facts = 0 AND trim(text) <> '')                     AS value_cells_without_facts,
           count(*) FILTER (WHERE table_index IS NULL AND trim(text) <> '')           AS unplaced_text
    FROM stg_cell GROUP BY document_id
) c ON c.document_id = d.document_id;
