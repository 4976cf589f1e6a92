"""coprod-events: registration and check-in for co-produced events."""

__version__ = "0.1.0"
