"""Provides moving annotations in and out: export, import of annotations, re-anchoring."""
