"""Errors a person can act on: the message says what went wrong and what to do."""


class CoprodError(Exception):
    """Bad input or a state that refuses the request. The message is shown as-is; `field`
    names the input it is about (e.g. "email"), so a form can show it there."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(CoprodError):
    """An event, session, registration or check-in that does not exist."""
