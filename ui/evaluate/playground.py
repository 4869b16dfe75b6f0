"""The playground's settings: hyperparameters tried out on the Playground page, and its figure.

A change made here is the playground's own until it is applied to the real model: it is kept
with the fingerprint of the committed model settings it started from, so a change to the recipe
(another algorithm, new hyperparameters) brings the playground back to the recipe's values. The
figure is remembered per person (``ui.memo``), since every widget on the page reruns it and a
fit is not free.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.learn import Playground, playground
from ui.memo import remember
from ui.state import current_recipe, profile_key

__all__ = [
    "draw_playground",
    "forget_playground_params",
    "playground_params",
    "set_playground_param",
]

_PLAYGROUND = "mp.playground.params"


def playground_params() -> dict[str, Any]:
    """The hyperparameters the playground draws with: the recipe's, unless changed here for
    this algorithm and these committed settings."""
    recipe = current_recipe()
    stored = st.session_state.get(_PLAYGROUND)
    if stored is not None and stored[0] == recipe.fingerprint("model"):
        return dict(stored[1])
    return dict(recipe.model.params)


def set_playground_param(spec: Any, value: float) -> dict[str, Any]:
    """Change one hyperparameter for the playground only (a ParamSpec and the number entered)."""
    params = playground_params()
    params[spec.name] = int(value) if spec.kind == "int" else float(value)
    st.session_state[_PLAYGROUND] = (current_recipe().fingerprint("model"), params)
    return params


def forget_playground_params() -> None:
    """Back to the recipe's hyperparameters (after applying them to the real model)."""
    st.session_state.pop(_PLAYGROUND, None)


def draw_playground(data: Any, x: str, y: str | None, params: dict[str, Any]) -> Playground:
    """The playground figure, kept until the data, the recipe, the columns or settings change
    (any widget on the page reruns it, and a fit is not free)."""
    recipe = current_recipe()
    key = (profile_key(), recipe.fingerprint(), x, y, tuple(sorted(params.items())))
    return remember(
        "playground",
        key,
        lambda: playground(data, recipe, x, y, params=params, seed=recipe.split.seed),
    )
