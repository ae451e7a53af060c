"""The one error type of the domain.

A service raises a ``DomainError`` (or a subclass owned by its app) when a rule refuses a change. The
``message`` is for the person and is shown as it is; ``code`` is a stable identifier for a caller that must
tell cases apart. Views show ``.message`` and branch on the subclass or ``.code``, never on the text.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the change; ``message`` is for the person, ``code`` for the program."""

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code

    def __str__(self) -> str:
        return self.message
