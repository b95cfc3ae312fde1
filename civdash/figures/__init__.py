"""Builders: charts, maps and source text drawn from rows and localised strings."""
