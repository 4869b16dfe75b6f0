"""The project's own exception types.

Every error that a person can cause (a broken file, an impossible setting) is raised as a
:class:`ModelPathError` carrying three plain sentences: what happened, why, and what to do.
The UI shows them verbatim; the command line prints them on one line and exits with code 2.
Anything else that escapes is a bug and is reported with an error id instead.
"""

from __future__ import annotations

__all__ = ["DataLoadError", "ModelPathError", "ProblemError", "RecipeError"]


class ModelPathError(Exception):
    """An expected error with a message written for people.

    Parameters
    ----------
    what : str
        What happened, e.g. ``"The file is empty."``.
    why : str, default=""
        Why it matters or what caused it.
    fix : str, default=""
        What the person can do next.
    """

    def __init__(self, what: str, why: str = "", fix: str = "") -> None:
        self.what = what.strip()
        self.why = why.strip()
        self.fix = fix.strip()
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The whole message as one paragraph."""
        return " ".join(part for part in (self.what, self.why, self.fix) if part)

    def one_line(self) -> str:
        """The message on a single line, for the command line."""
        return " ".join(self.message.split())


class DataLoadError(ModelPathError):
    """A table could not be read from the given bytes."""


class RecipeError(ModelPathError, ValueError):
    """A recipe field is unknown, has an invalid value, or comes from an unknown version."""


class ProblemError(ModelPathError):
    """The chosen problem (target, task, metric) cannot be modelled as asked."""
