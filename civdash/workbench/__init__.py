"""Adding a report: documents, extraction, suggestions, review and the bundle."""
