"""Synthetic municipal social-policy reports whose facts are known by construction.

`build.build_report` makes a report model (headings, tables, cells with their facts);
the `render_*` modules write it as text export, DOCX, text PDF or scanned PDF, and
`facts_io` writes its expected facts. `tools/make_report_corpus.py` is the command line.
"""
