-- One row per linked activity (activity_key): the display name of the series and its spread.
-- series = the cleanest spelling among the linked names (most words known to Morfeusz, so an OCR-
-- damaged name never labels a series when a clean one exists), then the one used in most
-- documents, then the earliest. Only activities that still have facts count.
CREATE OR REPLACE VIEW v_activity_series AS
WITH members AS (
    SELECT coalesce(a.activity_key, a.activity_id) AS activity_key, a.activity_id, a.name,
           coalesce(l.known_share, 0) AS known_share,
           (SELECT count(DISTINCT f.document_id) FROM fact_measure f WHERE f.activity_id = a.activity_id) AS documents
    FROM dim_activity a
    LEFT JOIN activity_lemma l USING (activity_id)
)
SELECT
    activity_key,
    first(name ORDER BY known_share DESC, documents DESC, activity_id)  AS series,
    count(*)                                                            AS names,
    min(known_share)                                                    AS min_known_share
FROM members
WHERE documents > 0
GROUP BY activity_key;
