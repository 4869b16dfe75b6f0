"""Cross-validation folds on the training split: which scheme, how many folds, and guards.

The folds are cut once, from the recipe's validation section and seed, and every model scored
on the same data uses the same folds, so their scores can be compared fold by fold. Only
training rows are ever cut into folds; the test split stays untouched until the final model.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from joblib import cpu_count
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedGroupKFold,
    StratifiedKFold,
    TimeSeriesSplit,
)

from core.errors import ModelPathError
from core.prepare import TrainingData, resolve_strategy
from core.recipe import CLASSIFICATION_TASKS, Recipe

__all__ = [
    "SCHEMES",
    "FoldPlan",
    "ValidationError",
    "available_jobs",
    "plan_folds",
    "resolve_scheme",
    "scheme_warnings",
]

SCHEMES = {
    "kfold": "K-fold",
    "stratified_kfold": "Stratified K-fold",
    "group_kfold": "Group K-fold",
    "time_series": "Time-series folds",
}
# A fold needs enough rows to be scored meaningfully.
MIN_ROWS_PER_FOLD = 2


class ValidationError(ModelPathError):
    """The training rows cannot be cut into folds as the recipe asks."""


def available_jobs() -> int:
    """How many worker processes training may use on this machine.

    The CPUs this process may run on, capped by the environment variable
    ``MODELPATH_MAX_JOBS`` (a hosted app shared by many people may set it to 1).
    """
    # joblib's count honours container CPU quotas as well as the process's CPU affinity.
    cpus = cpu_count()
    cap = os.environ.get("MODELPATH_MAX_JOBS", "")
    if cap.strip().isdigit() and int(cap) >= 1:
        cpus = min(cpus, int(cap))
    return max(1, cpus)


@dataclass(frozen=True)
class FoldPlan:
    """The cross-validation folds of the training rows.

    Parameters
    ----------
    scheme : str
        A key of :data:`SCHEMES` (``"auto"`` resolved).
    folds : int
        Folds per repeat.
    repeats : int
        How many times the folds are cut (1 for time-series folds).
    splits : tuple of (ndarray, ndarray)
        Positions (into ``X_train``) of the training and validation rows of every fold.
    description : str
        One sentence saying how the folds were cut.
    """

    scheme: str
    folds: int
    repeats: int
    splits: tuple[tuple[np.ndarray, np.ndarray], ...]
    description: str

    @property
    def n_splits(self) -> int:
        """The number of fits one cross-validation needs."""
        return len(self.splits)

    @cached_property
    def fingerprint(self) -> str:
        """A content hash of the folds: two results with the same one used the same folds."""
        digest = hashlib.sha256()
        for train, test in self.splits:
            digest.update(np.asarray(train, dtype=np.int64).tobytes())
            digest.update(b"|")
            digest.update(np.asarray(test, dtype=np.int64).tobytes())
        return digest.hexdigest()[:16]

    def table(self, y: pd.Series, task: str) -> pd.DataFrame:
        """One row per fit: training and validation rows, and for classification the share
        of the smallest class among the validation rows (it should be about equal)."""
        labels = y.astype("str")
        smallest = labels.value_counts().index[-1] if task in CLASSIFICATION_TASKS else None
        values = labels.to_numpy()
        rows = []
        for number, (train, test) in enumerate(self.splits, start=1):
            row = {"fit": number, "training rows": len(train), "validation rows": len(test)}
            if smallest is not None:
                row[f"share of {smallest} in validation"] = float((values[test] == smallest).mean())
            rows.append(row)
        return pd.DataFrame(rows)

    def subsample(self, positions: np.ndarray) -> FoldPlan:
        """The same folds with training rows restricted to ``positions`` (validation rows
        untouched), for successive halving."""
        keep = np.zeros(max((int(t.max()) for t, _ in self.splits), default=0) + 1, bool)
        keep[positions[positions < len(keep)]] = True
        splits = tuple((train[keep[train]], test) for train, test in self.splits)
        return FoldPlan(self.scheme, self.folds, self.repeats, splits, self.description)


def scheme_warnings(recipe: Recipe) -> list[str]:
    """Plain warnings when the folds do not respect what the split respects.

    A group split with folds that mix groups, or a time split with folds that shuffle time,
    lets cross-validation score rows its training part has already seen (the same customer,
    or the future), so CV scores come out too optimistic.
    """
    strategy = resolve_strategy(recipe.split, recipe.problem.task)
    scheme = resolve_scheme(recipe)
    warnings_ = []
    if strategy == "group" and scheme != "group_kfold":
        warnings_.append(
            f"The test split keeps each {recipe.split.group_column!r} group on one side, but "
            f"the folds ({SCHEMES[scheme]}) mix groups, so cross-validation scores rows of "
            "groups it trained on and flatters the model. Choose Group K-fold."
        )
    if strategy == "time" and scheme != "time_series":
        warnings_.append(
            "The test split holds out the latest rows, but the folds "
            f"({SCHEMES[scheme]}) ignore time, so cross-validation trains on the future. "
            "Choose time-series folds."
        )
    if scheme == "group_kfold" and strategy != "group":
        warnings_.append(
            "The folds keep groups apart but the test split does not, so the test rows share "
            "groups with training rows. Choose a group split too."
        )
    return warnings_


def resolve_scheme(recipe: Recipe) -> str:
    """The concrete scheme behind ``"auto"``: it follows the split and the task.

    A time split gets time-series folds, a group split group folds, classification stratified
    folds and regression plain K-fold.
    """
    scheme = recipe.validation.scheme
    if scheme != "auto":
        return scheme
    strategy = resolve_strategy(recipe.split, recipe.problem.task)
    if strategy == "time":
        return "time_series"
    if strategy == "group":
        return "group_kfold"
    return "stratified_kfold" if recipe.problem.task in CLASSIFICATION_TASKS else "kfold"


def plan_folds(data: TrainingData, recipe: Recipe) -> FoldPlan:
    """Cut the training rows into cross-validation folds, after checking that they can be.

    Parameters
    ----------
    data : TrainingData
        The split data (folds are cut from ``X_train`` only).
    recipe : Recipe
        ``validation`` (scheme, folds, repeats, shuffle) and ``split`` (seed, time and group
        columns).

    Returns
    -------
    FoldPlan

    Raises
    ------
    ValidationError
        Too few training rows for the folds; a class with fewer rows than folds (named, with
        its count and the largest K that works); stratifying a numeric target; a missing,
        empty or unsortable time column; too few groups.
    """
    validation = recipe.validation
    scheme = resolve_scheme(recipe)
    folds, repeats = validation.folds, validation.repeats
    n_rows = len(data.X_train)
    if n_rows < folds * MIN_ROWS_PER_FOLD:
        raise ValidationError(
            f"The training split has {n_rows:,} rows, too few for {folds} folds.",
            f"Each fold needs at least {MIN_ROWS_PER_FOLD} rows to be scored.",
            f"Use at most {max(2, n_rows // MIN_ROWS_PER_FOLD)} folds, or a smaller test share.",
        )
    y = data.y_train
    seed = recipe.split.seed
    if scheme == "time_series":
        return _time_series_plan(data, recipe, folds, repeats)
    if scheme == "stratified_kfold":
        _check_classes(y, data.task, folds)
    groups = None
    if scheme == "group_kfold":
        groups = _groups(data, recipe, folds)
    splits: list[tuple[np.ndarray, np.ndarray]] = []
    position = np.arange(n_rows)
    labels = y.astype("str").to_numpy()
    for repeat in range(repeats):
        random_state = (seed + repeat) % 2**32 if validation.shuffle else None
        if scheme == "kfold":
            splitter = KFold(folds, shuffle=validation.shuffle, random_state=random_state)
        elif scheme == "stratified_kfold":
            splitter = StratifiedKFold(folds, shuffle=validation.shuffle, random_state=random_state)
        elif data.task in CLASSIFICATION_TASKS:
            splitter = StratifiedGroupKFold(
                folds, shuffle=validation.shuffle, random_state=random_state
            )
        else:
            splitter = GroupKFold(folds, shuffle=validation.shuffle, random_state=random_state)
        splits.extend(splitter.split(position, labels, groups))
    what = SCHEMES[scheme]
    detail = {
        "kfold": "rows shuffled" if validation.shuffle else "rows in file order",
        "stratified_kfold": "each fold keeps the class shares",
        "group_kfold": f"no value of {recipe.split.group_column!r} is in two folds",
    }[scheme]
    repeated = f", repeated {repeats} times" if repeats > 1 else ""
    description = (
        f"{what}: {n_rows:,} training rows cut into {folds} folds ({detail}){repeated}; "
        f"{len(splits)} fits, each scored on the rows it did not see."
    )
    return FoldPlan(scheme, folds, repeats, tuple(splits), description)


def _check_classes(y: pd.Series, task: str, folds: int) -> None:
    if task not in CLASSIFICATION_TASKS:
        raise ValidationError(
            "Stratified folds need classes, but the target is numeric (a regression task).",
            "Stratification keeps each class's share equal in every fold.",
            "Choose K-fold on the Split & validation page.",
        )
    counts = y.astype("str").value_counts()
    smallest, count = counts.index[-1], int(counts.iloc[-1])
    if count < folds:
        fix = (
            f"Use {count} folds or fewer, merge or drop that class, or choose plain K-fold."
            if count >= 2
            else "Merge or drop that class on the Clean page, or choose plain K-fold."
        )
        raise ValidationError(
            f"The class {smallest!r} has only {count} row(s) in the training split, fewer than "
            f"the {folds} folds.",
            "Stratified folds put every class in every fold, so each class needs at least one "
            "row per fold.",
            fix,
        )


def _groups(data: TrainingData, recipe: Recipe, folds: int) -> np.ndarray:
    name = recipe.split.group_column
    frame = data.clean.frame
    if name is None or name not in frame.columns:
        raise ValidationError(
            "Group folds need a group column, and none is chosen.",
            "Group K-fold keeps all rows of one group (e.g. one customer) in the same fold.",
            "Choose the group column on the Split & validation page.",
        )
    column = frame.loc[data.split.train_index, name]
    if column.isna().any():
        raise ValidationError(
            f"The group column {name!r} has {int(column.isna().sum()):,} missing value(s) in "
            "the training split.",
            "A row without a group cannot be kept together with its group.",
            "Fill or drop those rows, or choose another scheme.",
        )
    groups = column.astype("str").to_numpy()
    n_groups = len(set(groups))
    if n_groups < folds:
        raise ValidationError(
            f"The training split has {n_groups} distinct value(s) of {name!r}, fewer than the "
            f"{folds} folds.",
            "Group K-fold puts each group wholly in one fold, so it needs at least one group "
            "per fold.",
            f"Use at most {max(2, n_groups)} folds, or another scheme."
            if n_groups >= 2
            else "Choose a column with more groups, or another scheme.",
        )
    return groups


def _time_series_plan(data: TrainingData, recipe: Recipe, folds: int, repeats: int) -> FoldPlan:
    name = recipe.split.time_column
    frame = data.clean.frame
    if name is None or name not in frame.columns:
        raise ValidationError(
            "Time-series folds need a time column, and none is chosen.",
            "They train on earlier rows and validate on later ones, so they need to know "
            "which column holds the time.",
            "Choose the time column on the Split & validation page.",
        )
    if repeats > 1:
        raise ValidationError(
            "Time-series folds cannot be repeated.",
            "They are fixed by time order, so every repeat would give the same folds.",
            "Set repeats to 1, or choose another scheme.",
        )
    column = frame.loc[data.split.train_index, name]
    if not (
        pd.api.types.is_numeric_dtype(column.dtype)
        or pd.api.types.is_datetime64_any_dtype(column.dtype)
    ):
        raise ValidationError(
            f"The time column {name!r} holds text, which cannot be put in time order.",
            "Time-series folds validate on later rows, so they need dates or numbers.",
            "Mark the column as a date on the Data page, or choose another scheme.",
        )
    if column.isna().any():
        raise ValidationError(
            f"The time column {name!r} has {int(column.isna().sum()):,} missing value(s) in "
            "the training split.",
            "Rows without a time cannot be placed before or after the others.",
            "Fill or drop those rows, or choose another scheme.",
        )
    times = column.to_numpy()
    n_times = len(pd.unique(times))
    if n_times <= folds:
        raise ValidationError(
            f"The time column {name!r} has {n_times} distinct value(s) in the training split, "
            f"too few for {folds} time-series folds.",
            "Each fold validates on later times than it trains on, so it needs more distinct "
            "times than folds.",
            f"Use at most {max(2, n_times - 1)} folds, or another scheme."
            if n_times > 2
            else "Choose a column with more distinct times, or another scheme.",
        )
    # Sorted positions: fold k trains on the earliest rows and validates on the next block.
    order = np.argsort(times, kind="stable")
    splits = []
    for train, test in TimeSeriesSplit(folds).split(order):
        train, test = order[train], order[test]
        # Rows sharing the boundary's time go to training: validation is strictly later.
        tied = times[test] <= times[train].max()
        train, test = np.concatenate([train, test[tied]]), test[~tied]
        if len(test):
            splits.append((train, test))
    if len(splits) < 2:
        latest = int((times == times.max()).sum())
        raise ValidationError(
            f"Only {len(splits)} time-series fold(s) can be cut: {latest:,} training rows share "
            f"the latest value of {name!r}.",
            "Each fold must validate on times later than all of its training rows, so rows "
            "sharing one time cannot be split between training and validation.",
            "Use fewer folds, or a time column with finer steps (e.g. dates, not years).",
        )
    splits = tuple(splits)
    description = (
        f"Time-series folds: {len(order):,} training rows in order of {name!r}; each of "
        f"{len(splits)} folds trains on all earlier rows and validates on the next block, never "
        "on the future."
    )
    return FoldPlan("time_series", len(splits), 1, splits, description)
