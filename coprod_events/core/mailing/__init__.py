"""Tickets by email: the settings (`settings`), one message a person (`message`), the mail
server (`transport`), and a run over an event's people (`send`). No Textual here.

The SMTP password is never stored or printed: it comes from COPROD_EVENTS_SMTP_PASSWORD, a
hidden prompt, or the app's memory for as long as it runs.
"""

# The settings' keys: here, so the registrations code can read one without loading the mail code.
KEY_URL, KEY_FROM, KEY_CONTACT, KEY_ON_PROMOTION = ("mail.smtp", "mail.from", "mail.contact",
                                                   "mail.on_promotion")
