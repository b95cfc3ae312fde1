"""Files built from view models: CSV/XLSX tables and briefing slides."""
