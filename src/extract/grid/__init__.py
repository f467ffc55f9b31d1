"""One table finder over word boxes, for every medium that gives positioned words.

Text PDFs give pdfplumber words, scans give tesseract TSV words; both become boxes with text,
x0, x1, top, bottom and a confidence (:mod:`~raporty.extract.grid.words`: lines, phrases, 1-D
clusters, gutters). :mod:`~raporty.extract.grid.whitespace` finds tables that have no rules:
the header by its vocabulary, columns from the header cells' spans and the vertical gutters
through the body, rows from line spacing, and a table continued on the next page by its column
layout. :mod:`~raporty.extract.grid.ruled` builds ruled tables from the lines of the medium
(a PDF page's edges, the rules found in a scan's image) and the same word boxes. Pure functions:
no I/O, no pdfplumber or tesseract objects.
"""
