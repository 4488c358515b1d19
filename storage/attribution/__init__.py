"""Provides quote, cue and speaker extraction and actor resolution: text -> quotes and actors."""
