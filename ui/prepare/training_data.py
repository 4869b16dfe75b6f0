"""The split data and the fitted preview that the Clean and Features pages share.

Both are derived from the dataset and the committed recipe, memoised per person under content
fingerprints. The preview is expensive (it fits the preprocessing), so it is only computed on
an explicit action and then shown for as long as the settings it came from are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import ModelPathError
from core.learn import lesson_examples
from core.model import MODELS
from core.prepare import (
    CleaningEffects,
    PipelineNote,
    TrainingData,
    TransformPreview,
    check_pipeline,
    cleaning_effects,
    fit_preview,
    training_data,
)
from ui import text
from ui.components import link_to, require_dataset
from ui.memo import remember
from ui.state import current_dataset, current_profile, current_recipe

__all__ = [
    "has_stale_preview",
    "pipeline_notes",
    "preview_panel",
    "require_training_data",
    "run_preview",
    "show_examples",
    "show_notes",
    "stored_preview",
    "training_data_if_ready",
    "training_data_or_error",
]

_PREVIEW = "mp.preview"
# Sections the split data depends on; the preview also depends on features (and the model,
# whose family decides automatic scaling).
# features too: whether text and date columns are features at all is a features choice.
_DATA_SECTIONS = ("data", "problem", "cleaning", "split", "features")
_PREVIEW_SECTIONS = (*_DATA_SECTIONS, "features", "validation", "model")


def _key(sections: tuple[str, ...]) -> tuple[str, str]:
    return (current_dataset().fingerprint, current_recipe().fingerprint(*sections))


def require_training_data() -> TrainingData:
    """The cleaned, split data; or a message saying what is missing, and a stop."""
    data, problem = training_data_or_error()
    if problem is not None:
        text.show_error(problem)
        st.stop()
    return data


def training_data_or_error() -> tuple[TrainingData | None, ModelPathError | None]:
    """The cleaned, split data, or the reason it cannot be made (so a page can offer a way
    back). Stops with a message when the dataset or the problem definition is missing."""
    require_dataset()
    recipe = current_recipe()
    if recipe.problem.target is None or recipe.problem.task is None:
        if recipe.problem.target is None:
            st.info("Choose what to predict on the Problem page first.")
        else:
            text.info(
                f"Confirm the task and metric for {recipe.problem.target!r} on the Problem "
                "page first."
            )
        link_to("steps/problem.py", "Go to Problem", icon=":material/flag:")
        st.stop()
    profile = current_profile()
    try:
        data = remember(
            "training_data", _key(_DATA_SECTIONS), lambda: training_data(profile.table, recipe)
        )
    except ModelPathError as exc:
        return None, exc
    return data, None


def training_data_if_ready() -> TrainingData | None:
    """The split data when the dataset and the problem allow it; None otherwise (never stops).

    For panels that add to a page (guided advice) and must not stop it.
    """
    if current_dataset() is None:
        return None
    recipe = current_recipe()
    if recipe.problem.target is None or recipe.problem.task is None:
        return None
    try:
        profile = current_profile()
        return remember(
            "training_data", _key(_DATA_SECTIONS), lambda: training_data(profile.table, recipe)
        )
    except ModelPathError:
        return None


def pipeline_notes(data: TrainingData) -> list[PipelineNote]:
    """Checks of the current cleaning and feature choices against the training rows."""
    recipe = current_recipe()
    return remember("pipeline_notes", _key(_PREVIEW_SECTIONS), lambda: check_pipeline(recipe, data))


def show_notes(notes: list[PipelineNote], *, section: str) -> None:
    """The errors, warnings and notes about one recipe section's choices, as plain text."""
    for note in notes:
        if section in note.sections:
            show = {"error": text.error, "warning": text.warning, "info": text.info}
            show[note.severity](note.message)


def show_examples(key: str, data: TrainingData) -> None:
    """The lesson told with the person's own columns."""
    recipe = current_recipe()
    examples = remember(
        f"lesson_examples.{key}",
        _key(_PREVIEW_SECTIONS),
        lambda: lesson_examples(key, data, recipe),
    )
    if examples:
        with st.expander("In your data", icon=":material/person_search:"):
            for sentence in examples:
                st.markdown("- " + text.plain(sentence))


def run_preview(data: TrainingData) -> None:
    """Fit the preprocessing on the training rows now, and keep the result for this recipe."""
    recipe = current_recipe()
    algorithm = MODELS.get(recipe.model.algorithm or "")
    # Automatic scaling follows the chosen algorithm's card; before one is chosen, scale.
    needs_scaling = algorithm.card.needs_scaling if algorithm is not None else True
    with st.spinner("Fitting the cleaning and feature steps on the training rows…"):
        preview = fit_preview(recipe, data, needs_scaling=needs_scaling)
        effects = cleaning_effects(data, preview)
    st.session_state[_PREVIEW] = (_key(_PREVIEW_SECTIONS), preview, effects)


def preview_panel(
    data: TrainingData,
    *,
    key: str,
    button: str,
    idle: str,
    stale: str,
    show: Callable[[TransformPreview, CleaningEffects], None],
) -> None:
    """The button that fits the preview, and the result while the settings are unchanged."""
    if st.button(button, key=key, type="primary"):
        try:
            run_preview(data)
        except ModelPathError as exc:
            text.show_error(exc)
    result = stored_preview()
    if result is not None:
        show(*result)
    elif has_stale_preview():
        st.caption(stale)
    else:
        st.caption(idle)


def stored_preview() -> tuple[TransformPreview, CleaningEffects] | None:
    """The preview of the current settings, if one was computed; ``None`` when stale."""
    stored = st.session_state.get(_PREVIEW)
    if stored is None or stored[0] != _key(_PREVIEW_SECTIONS):
        return None
    return stored[1], stored[2]


def has_stale_preview() -> bool:
    """True when a preview exists but the settings changed since."""
    stored = st.session_state.get(_PREVIEW)
    return stored is not None and stored[0] != _key(_PREVIEW_SECTIONS)
