"""raporty — ETL from Polish municipal social-policy reports into a DuckDB warehouse."""

__version__ = "0.1.0"
