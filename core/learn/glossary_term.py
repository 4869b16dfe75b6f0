"""What one glossary entry is (:class:`Term`), and the order names are filed in
(:func:`sort_key`): the shape the glossary's terms are written in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["Term", "sort_key"]


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Parameters
    ----------
    key : str
        Stable identifier, e.g. ``"roc_auc"``.
    name : str
        The name as shown, e.g. ``"ROC-AUC"``.
    definition : str
        One or two plain sentences.
    example : str
        A concrete example, with numbers where possible.
    aliases : tuple of str, default=()
        Other ways of writing it (abbreviations, spellings, verb forms) that :func:`find_terms`
        also recognises.
    related : tuple of str, default=()
        Keys of related terms.
    """

    key: str
    name: str
    definition: str
    example: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        """The name and every alias: the ways a text can mention this term."""
        return (self.name, *self.aliases)


def sort_key(name: str) -> str:
    """The alphabetical order of names: case-insensitive, with "R²" filed as "R2".

    Parameters
    ----------
    name : str

    Returns
    -------
    str
    """
    return unicodedata.normalize("NFKD", name).casefold()
