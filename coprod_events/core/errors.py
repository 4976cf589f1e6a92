"""Errors a person can act on: the message says what went wrong and what to do."""


class CoprodError(Exception):
    """Bad input or a state that refuses the request. The message is shown as-is."""


class NotFound(CoprodError):
    """An event, session, registration or check-in that does not exist."""
