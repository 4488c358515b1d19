"""Provides the app's screens: the main screen, help, the tag picker and the dialogs."""
