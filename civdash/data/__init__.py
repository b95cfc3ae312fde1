"""The curated data: read, check, package, and the uploads read against it."""
