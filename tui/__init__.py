"""Provides the Textual app of safeguard-tui: a thin layer over the ``storage`` package."""
