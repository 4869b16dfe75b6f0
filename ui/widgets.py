"""Widget builders shared by the pages' forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ui.state import synced

__all__ = ["choice"]


def choice(
    container: Any,
    label: str,
    labels: Mapping[Any, str],
    current: Any,
    key: str,
    *,
    radio: bool = False,
    **options: Any,
) -> Any:
    """A selectbox (or radio) over the keys of ``labels``, starting at the committed value.

    Parameters
    ----------
    container : streamlit module or container
        Where to draw it (``st``, a column, a form…).
    label : str
        The widget's label.
    labels : mapping
        Value → what the person reads; the order is the order shown.
    current : object
        The committed value; the first option when it is not among them.
    key : str
        The widget key; its state follows the committed value when that changes elsewhere.
    radio : bool
        Draw radio buttons instead of a selectbox.
    **options
        Passed on (``help``, ``horizontal``, ``disabled``…).
    """
    values = list(labels)
    widget = container.radio if radio else container.selectbox
    shown = current if current in values else values[0]
    return widget(
        label,
        values,
        index=values.index(shown),
        format_func=labels.get,
        key=synced(key, shown),
        **options,
    )
