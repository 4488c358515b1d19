"""Provides the plain-Python core of safeguard-tui: store, ingestion, extraction, search, export.

Nothing in this package imports Textual or Rich, so scripts and tests use it without a terminal.
"""
