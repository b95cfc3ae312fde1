"""Pure rules: units, numbers, formatting, limits, status, colours, links."""
