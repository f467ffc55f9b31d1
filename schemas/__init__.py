"""SQL DDL, views, JSON Schemas and the editable unit-alias file, shipped as package data."""
