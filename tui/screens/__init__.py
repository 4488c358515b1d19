"""Provides the app's screens."""
