"""Provides fuzzy search over quotes, actors and annotations: query parsing, token index, ranking."""
