-- Schema version 3: renditions and encodings on dim_document.
-- report_id      the report a document is a rendition of (the same annex as DOCX, PDF and text
--                export shares one report_id: the lowest document_id among them); set by the
--                writer after each batch (raporty.load.warehouse.group_renditions)
-- rendition_rank 1 DOCX, 2 text PDF, 3 text export, 4 scan or OCR (lower is preferred)
-- superseded     another rendition of the same report is preferred: v_facts and the summary views
--                leave this document out (v_facts_all keeps it)
-- encoding       the character encoding a text export was decoded from (NULL for other formats)
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS report_id INTEGER;
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS rendition_rank INTEGER;
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS superseded BOOLEAN;
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS encoding VARCHAR;
