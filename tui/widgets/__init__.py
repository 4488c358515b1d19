"""Provides the app's widgets: the document list, the reader and the tag sidebar."""
