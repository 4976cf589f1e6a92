"""Tickets by email: the settings (`settings`), one message a person (`message`), the mail
server (`transport`), and a run over an event's people (`send`). No Textual here.

The SMTP password is never stored or printed: it comes from COPROD_EVENTS_SMTP_PASSWORD, a
hidden prompt, or the app's memory for as long as it runs.
"""
