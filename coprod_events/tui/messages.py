"""App-wide messages: posted to the active screen, which decides what to refresh."""

from textual.message import Message


class DatabaseChanged(Message):
    """Another desk (process) wrote to the database file."""
