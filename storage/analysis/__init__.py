"""Provides numbers the screens and the export share: agreement between coders."""
