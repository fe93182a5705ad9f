"""The one kind of domain error.

A service refuses an action it will not carry out by raising a `DomainError` (or a subclass
named for its app) with a Norwegian message meant for the person who asked. Views turn it into
a form error or a message with `core.shortcuts.reported`; the API turns it into a 400/409 body.
Programming errors are never DomainErrors: they reach the log, not the user.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused action, with a message a user can act on.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: object = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message
