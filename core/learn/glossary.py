"""The glossary: machine-learning terms as data, so lessons and pages can link to them.

Each :class:`Term` has a plain definition and a concrete example (with numbers where they
help). :func:`find_terms` finds the terms a text mentions, so a lesson can link its words to
their definitions; :func:`search_terms` backs a search box. Spelling follows the rest of the
app (British: regularisation, standardisation); American spellings are aliases.

The terms are written by topic in three private modules (the data, the models, the
evaluation); this module gathers them into :data:`GLOSSARY` and looks them up.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from types import MappingProxyType

from core.errors import ModelPathError
from core.learn._glossary_data_terms import DATA_TERMS
from core.learn._glossary_evaluation_terms import EVALUATION_TERMS
from core.learn._glossary_model_terms import MODEL_TERMS
from core.learn.glossary_term import Term, sort_key

__all__ = ["GLOSSARY", "find_terms", "search_terms", "term"]

_TERMS = (*DATA_TERMS, *MODEL_TERMS, *EVALUATION_TERMS)

GLOSSARY: Mapping[str, Term] = MappingProxyType(
    {t.key: t for t in sorted(_TERMS, key=lambda t: sort_key(t.name))}
)

# Every way of writing a term, lower-cased, mapped to its key.
_PHRASES: dict[str, str] = {
    phrase.casefold(): t.key for t in GLOSSARY.values() for phrase in t.phrases
}
# Longest phrases first, so "balanced accuracy" wins over "accuracy" at the same position and
# "PR-AUC" over "AUC". Whole words only: no word character may touch either end, and an
# optional plural "s"/"es" is allowed ("folds", "outliers", "grid searches").
_MENTION = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    + r")(?:es|s)?(?!\w)",
    re.IGNORECASE,
)


def term(key: str) -> Term:
    """The glossary entry with this key.

    Parameters
    ----------
    key : str
        A glossary key, e.g. ``"roc_auc"``.

    Returns
    -------
    Term

    Raises
    ------
    ModelPathError
        When there is no such key; the message lists the closest keys.
    """
    try:
        return GLOSSARY[key]
    except (KeyError, TypeError):
        pass
    wanted = str(key).strip().casefold()
    # A name or alias given instead of a key ("ROC-AUC") points straight at its key.
    exact = [_PHRASES[wanted]] if wanted in _PHRASES else []
    by_key = difflib.get_close_matches(wanted, list(GLOSSARY), n=5, cutoff=0.6)
    by_phrase = [_PHRASES[p] for p in difflib.get_close_matches(wanted, list(_PHRASES), n=5)]
    close = list(dict.fromkeys([*exact, *by_key, *by_phrase]))[:5]
    why = (
        "Close matches: " + ", ".join(repr(k) for k in close) + "."
        if close
        else f"No key is close to it; there are {len(GLOSSARY)} terms."
    )
    raise ModelPathError(
        f"There is no glossary term with the key {key!r}.",
        why,
        "Use one of the keys in GLOSSARY, or search_terms() to find a term by its words.",
    )


def find_terms(text: str) -> list[Term]:
    """The glossary terms a text mentions, for linking its words to definitions.

    Matching is case-insensitive and on whole words (a plural "s" or "es" is allowed), by
    name or alias; where phrases overlap the longest wins, so "balanced accuracy" is one
    mention of balanced accuracy, not also one of accuracy.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Term
        Each term once, in the order of its first mention.
    """
    keys = (_PHRASES[match.group(1).casefold()] for match in _MENTION.finditer(text))
    return [GLOSSARY[key] for key in dict.fromkeys(keys)]


def search_terms(query: str) -> list[Term]:
    """Terms whose name, alias or definition contains the query, case-insensitively.

    Parameters
    ----------
    query : str
        Words to look for; a blank query returns every term.

    Returns
    -------
    list of Term
        Matches by name first, then by alias, then by definition; alphabetical within each.
    """
    wanted = query.strip().casefold()
    by_name, by_alias, by_definition = [], [], []
    for entry in GLOSSARY.values():
        if wanted in entry.name.casefold():
            by_name.append(entry)
        elif any(wanted in alias.casefold() for alias in entry.aliases):
            by_alias.append(entry)
        elif wanted in entry.definition.casefold():
            by_definition.append(entry)
    return [*by_name, *by_alias, *by_definition]
