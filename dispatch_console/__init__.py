"""Dispatch Console: the dispatch desktop for field-service contractors."""

__version__ = "0.1.0"
