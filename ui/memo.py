"""A per-person memo for derived results (profiles, charts).

Why not ``st.cache_data``: its store is shared by everyone on a hosted server, and it copies
(pickles) values on every hit. Derived results here are cheap to keep and private by nature, so
they live in the person's own session, one entry per name, keyed by content fingerprints (the
upload's hash and the recipe sections they depend on). Memory stays bounded: each name holds
only its latest value, and it is freed with the session.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

__all__ = ["clear_memo", "remember"]

_MEMO_KEY = "mp.memo"
T = TypeVar("T")


def remember(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """Return the value stored under ``name`` if its ``key`` matches, else compute and keep it.

    Parameters
    ----------
    name : str
        A slot name; each slot keeps one value.
    key : hashable
        Content fingerprint of the inputs. A different key recomputes.
    compute : callable
        Produces the value. Exceptions propagate and nothing is stored.
    """
    memo = st.session_state.setdefault(_MEMO_KEY, {})
    stored = memo.get(name)
    if stored is not None and stored[0] == key:
        return stored[1]
    value = compute()
    memo[name] = (key, value)
    return value


def clear_memo() -> None:
    """Forget every remembered value (e.g. when a new dataset is loaded)."""
    st.session_state[_MEMO_KEY] = {}
