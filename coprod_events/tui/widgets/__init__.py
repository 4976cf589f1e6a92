"""Widgets and table helpers shared by screens and dialogs: they import neither."""
