"""Provides ingestion: a file or download -> cleaned articles with their metadata and comments."""
