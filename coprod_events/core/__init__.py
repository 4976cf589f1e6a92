"""The domain: events, people, registrations, tickets, check-in and attendance.

Plain functions and dataclasses over one Store. No Textual import, ever: a test enforces it.
"""
