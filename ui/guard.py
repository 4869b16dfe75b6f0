"""The error guard around every page.

Expected errors (:class:`~core.errors.ModelPathError`) show their message. Anything else is a
bug: the person sees a short message with an error id, and the traceback goes to the server log
only, under the same id, so a report can be matched to its cause. Streamlit's own control-flow
exceptions (``st.stop``, ``st.rerun``) derive from ``BaseException`` and pass through.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from core.errors import ModelPathError
from ui.text import show_error

__all__ = ["page_guard"]

logger = logging.getLogger("modelpath")


@contextmanager
def page_guard() -> Iterator[None]:
    """Run a page; turn any exception into a message instead of a traceback."""
    try:
        yield
    except ModelPathError as exc:
        show_error(exc)
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        logger.exception("Unexpected error on a page (error id %s)", error_id)
        st.error(
            f"Something went wrong on this page (error id {error_id}). Your data and settings "
            "are kept: try again, or go back a step. If it keeps happening, report the error "
            "id so it can be found in the server log."
        )
