"""Session state: the committed recipe and dataset, and what depends on them.

Keys are namespaced constants. Widget keys (prefixed ``w.``) are kept apart from committed
values (prefixed ``mp.``) because Streamlit deletes a widget's state when its page is not shown.
Committing a recipe section invalidates the results that depend on it; results carry the
fingerprint of the sections they came from, so pages can tell when something is stale.
A widget that shows a committed choice takes its key from :func:`synced`, so a change made
elsewhere (an advice action, a one-click button) reaches the widget instead of being undone
by its stale state on the next rerun or form submit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import streamlit as st

from core.data import (
    SAMPLES,
    LoadedTable,
    LoadLimits,
    append_rows,
    check_schema,
    content_fingerprint,
    load_table,
    read_options,
    sample_csv_bytes,
    sample_file_name,
)
from core.recipe import DataSection, ProblemSection, Recipe
from core.understand import DatasetProfile, profile_table
from ui.memo import clear_memo, remember

T = TypeVar("T")

__all__ = [
    "RECIPE",
    "Dataset",
    "append_to_dataset",
    "commit_section",
    "current_dataset",
    "current_profile",
    "current_recipe",
    "load_sample_dataset",
    "load_uploaded_dataset",
    "profile_key",
    "read_rows",
    "reload_dataset",
    "remember_for_profile",
    "remove_appended_rows",
    "reset_session",
    "synced",
]

RECIPE = "mp.recipe"
DATASET = "mp.dataset"
_SHOWN = "mp.widgets.shown"


@dataclass(frozen=True)
class Dataset:
    """The table the person is working on, with the bytes it came from.

    The bytes are kept (in this session only) so the file can be re-read with other options
    after the uploader widget is gone.
    """

    content: bytes
    file_name: str
    source: str  # "upload" or "sample:<key>"
    loaded: LoadedTable
    fingerprint: str
    # Files of new rows appended to it (New data page), in order, as (bytes, file name, the
    # columns that had to be present), so a re-read with other options can append them again.
    appended: tuple[tuple[bytes, str, tuple[str, ...]], ...] = ()
    added_rows: int = 0

    @property
    def original_rows(self) -> int:
        """Rows of the first file, before any appended ones."""
        return len(self.loaded.frame) - self.added_rows

    @property
    def label(self) -> str:
        """How the dataset is named in the UI."""
        if self.source.startswith("sample:"):
            return SAMPLES[self.source.removeprefix("sample:")].title
        return self.file_name


def current_recipe() -> Recipe:
    """The committed recipe (a fresh one on first use)."""
    if RECIPE not in st.session_state:
        st.session_state[RECIPE] = Recipe()
    return st.session_state[RECIPE]


def current_dataset() -> Dataset | None:
    """The loaded dataset, or None."""
    return st.session_state.get(DATASET)


def commit_section(section) -> Recipe:
    """Replace one recipe section; later steps' results become stale through fingerprints."""
    recipe = current_recipe().with_section(section)
    st.session_state[RECIPE] = recipe
    return recipe


def synced(key: str, value: Any) -> str:
    """The key of a widget that shows a committed choice, its state brought into line first.

    Call it as the widget's ``key=`` argument, with the value the widget shows for the
    committed recipe (the same value its ``index``/``value``/``default`` is computed from).

    A keyed widget keeps its own state from run to run and ignores its default after the
    first run, and the browser keeps its own copy too. So when the recipe is changed by
    anything but this widget (an advice action, a one-click button, another page, a reload),
    the widget would still show the old choice, and the next rerun or form submit would
    commit it back. Here, when the committed value differs from the one this widget last
    showed, the widget's state is set to it; a state set before the widget is drawn replaces
    both the server's and the browser's copy.

    Parameters
    ----------
    key : str
        The widget key (``w.…``).
    value : object
        What the widget shows for the committed recipe, in the widget's own terms (an option,
        a list of options, a number…).

    Returns
    -------
    str
        ``key``, unchanged.
    """
    shown: dict[str, Any] = st.session_state.setdefault(_SHOWN, {})
    # A widget not yet in the state (first draw, or its page was left) starts from its default,
    # which is the committed value already; only one that kept an older state needs telling.
    if key in st.session_state and key in shown and shown[key] != value:
        st.session_state[key] = value
    shown[key] = value
    return key


def _read(content: bytes, file_name: str, data: DataSection) -> LoadedTable:
    return load_table(content, file_name, options=read_options(data), limits=LoadLimits.from_env())


def _install(dataset: Dataset, recipe: Recipe) -> None:
    # Only reached after a successful read: a failed upload never replaces what was loaded.
    st.session_state[DATASET] = dataset
    st.session_state[RECIPE] = recipe
    clear_memo()


def load_uploaded_dataset(content: bytes, file_name: str, data: DataSection) -> Dataset:
    """Read an upload with the given read options and make it the current dataset.

    Raises
    ------
    DataLoadError
        When the file cannot be read; the previous dataset stays loaded.
    """
    data = data.with_changes(source_name=file_name, column_types={}, drop_columns=())
    loaded = _read(content, file_name, data)
    dataset = Dataset(content, file_name, "upload", loaded, content_fingerprint(content))
    _install(dataset, Recipe(data=data))
    return dataset


def load_sample_dataset(key: str) -> Dataset:
    """Make a built-in sample the current dataset, with its suggested target chosen."""
    content = sample_csv_bytes(key)
    file_name = sample_file_name(key)
    data = DataSection(source_name=f"sample:{key}")
    loaded = _read(content, file_name, data)
    dataset = Dataset(content, file_name, f"sample:{key}", loaded, content_fingerprint(content))
    recipe = Recipe(data=data, problem=ProblemSection(target=SAMPLES[key].suggested_target))
    _install(dataset, recipe)
    return dataset


def _with_rows(
    dataset: Dataset, content: bytes, file_name: str, data: DataSection, required: tuple[str, ...]
) -> Dataset:
    added = _read(content, file_name, data)
    check = check_schema(
        dataset.loaded.frame, added.frame, required=required, reference_name=dataset.file_name
    )
    frame = append_rows(dataset.loaded.frame, added.frame, check)
    fingerprint = content_fingerprint(
        (dataset.fingerprint + content_fingerprint(content)).encode("ascii")
    )
    return replace(
        dataset,
        loaded=replace(dataset.loaded, frame=frame),
        fingerprint=fingerprint,
        appended=(*dataset.appended, (content, file_name, required)),
        added_rows=dataset.added_rows + len(added.frame),
    )


def read_rows(content: bytes, file_name: str, data: DataSection) -> LoadedTable:
    """Read a file of new rows with the current dataset's read options (nothing changes).

    Raises
    ------
    DataLoadError
        When the file cannot be read.
    """
    return _read(content, file_name, data)


def append_to_dataset(
    content: bytes, file_name: str, recipe: Recipe, *, required: tuple[str, ...]
) -> Dataset:
    """Append a file of new rows to the current dataset and make ``recipe`` current.

    ``required`` columns must be present; other missing columns are filled with missing values.

    Raises
    ------
    DataLoadError, SchemaError
        When the file cannot be read or its columns do not match; nothing changes then.
    """
    dataset = current_dataset()
    if dataset is None:
        raise RuntimeError("append_to_dataset needs a loaded dataset")
    combined = _with_rows(dataset, content, file_name, recipe.data, required)
    _install(combined, recipe)
    return combined


def remove_appended_rows() -> Dataset:
    """Go back to the first file's rows, keeping the recipe."""
    dataset = current_dataset()
    if dataset is None or not dataset.appended:
        raise RuntimeError("remove_appended_rows needs appended rows")
    recipe = current_recipe()
    loaded = _read(dataset.content, dataset.file_name, recipe.data)
    original = Dataset(
        dataset.content,
        dataset.file_name,
        dataset.source,
        loaded,
        content_fingerprint(dataset.content),
    )
    _install(original, recipe)
    return original


def reload_dataset(data: DataSection) -> Dataset:
    """Re-read the current dataset's bytes with new read options (NA tokens, delimiter…).

    Kind overrides and drops are kept; the problem section is kept when its target survives.
    Appended files are re-read with the same options and appended again.
    """
    dataset = current_dataset()
    if dataset is None:
        raise RuntimeError("reload_dataset needs a loaded dataset")
    loaded = _read(dataset.content, dataset.file_name, data)
    new = Dataset(
        dataset.content,
        dataset.file_name,
        dataset.source,
        loaded,
        content_fingerprint(dataset.content),
    )
    for content, file_name, required in dataset.appended:
        new = _with_rows(new, content, file_name, data, required)
    recipe = current_recipe().with_section(data)
    if recipe.problem.target is not None and recipe.problem.target not in loaded.frame.columns:
        recipe = recipe.with_section(ProblemSection())
    _install(new, recipe)
    return new


def profile_key() -> tuple[str, str, int] | None:
    """Content fingerprint of what the profile (and charts built on it) depend on."""
    dataset = current_dataset()
    if dataset is None:
        return None
    recipe = current_recipe()
    return (dataset.fingerprint, recipe.fingerprint("data", "problem"), recipe.split.seed)


def current_profile() -> DatasetProfile | None:
    """The profile of the current dataset under the committed data and problem sections."""
    key = profile_key()
    if key is None:
        return None
    dataset, recipe = current_dataset(), current_recipe()
    return remember("profile", key, lambda: profile_table(dataset.loaded, recipe))


def reset_session() -> None:
    """Forget the dataset, the recipe and everything derived from them."""
    # The tutorial and guided mode's record of visits and downloads start over too.
    keys = (DATASET, RECIPE, "mp.tutorial", "mp.visited", "mp.guide.downloads")
    for key in (*keys, "mp.problem.leaks_left_out"):
        st.session_state.pop(key, None)
    clear_memo()


def remember_for_profile(name: str, params: Hashable, compute: Callable[[], T]) -> T:
    """:func:`ui.memo.remember`, keyed on the current profile (data + recipe) and ``params``."""
    return remember(name, (profile_key(), params), compute)
