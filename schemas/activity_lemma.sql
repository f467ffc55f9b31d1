-- Lemma text of each activity name (Morfeusz lemmas, folded, function words dropped): what
-- cross-report linking (raporty.load.linking) compares, stored so a load scores only new names.
-- known_share = share of the name's words Morfeusz knows as written (low for OCR damage).
CREATE TABLE IF NOT EXISTS activity_lemma (
    activity_id INTEGER PRIMARY KEY,
    lemma_text  VARCHAR NOT NULL,
    known_share DOUBLE
);
