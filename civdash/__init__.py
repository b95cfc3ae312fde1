"""Civil-affairs comparison dashboard: data, validation, builders and CLI."""

__version__ = "0.1.0"
