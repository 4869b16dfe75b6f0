"""Showing text that may contain user-supplied values (file, column and category names).

Streamlit renders alerts, captions and markdown as Markdown, where a column named
``![x](http://…)`` would load a remote image and ``:red[…]`` would restyle the page. Every
message that can carry user text goes through :func:`plain`, which backslash-escapes all ASCII
punctuation (CommonMark guarantees an escaped punctuation character is shown literally).
"""

from __future__ import annotations

import re
import string

import streamlit as st

from core.errors import ModelPathError

__all__ = ["error", "info", "plain", "show_error", "success", "warning"]

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def plain(text: object) -> str:
    """Escape ``text`` so Streamlit's Markdown shows it exactly as written."""
    escaped = _PUNCTUATION.sub(r"\\\1", str(text))
    # Markdown folds single newlines; keep the person's line breaks visible.
    return escaped.replace("\n", "  \n")


def error(text: object, *, title: str | None = None) -> None:
    """``st.error`` with the body (and title) shown as plain text."""
    st.error(plain(text), title=plain(title) if title else None)


def warning(text: object, *, title: str | None = None) -> None:
    """``st.warning`` with the body shown as plain text."""
    st.warning(plain(text), title=plain(title) if title else None)


def info(text: object, *, title: str | None = None) -> None:
    """``st.info`` with the body shown as plain text."""
    st.info(plain(text), title=plain(title) if title else None)


def success(text: object, *, title: str | None = None) -> None:
    """``st.success`` with the body shown as plain text."""
    st.success(plain(text), title=plain(title) if title else None)


def show_error(exc: ModelPathError) -> None:
    """Show an expected error: what happened, why, what to do."""
    lines = [exc.what]
    if exc.why:
        lines.append(exc.why)
    if exc.fix:
        lines.append(f"What to do: {exc.fix}")
    st.error("\n\n".join(plain(line) for line in lines))
