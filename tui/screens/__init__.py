"""Provides the app's screens: the main screen, search, help, the tag picker and the dialogs."""
