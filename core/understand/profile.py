"""One profile of a loaded table: load report, column kinds, problem and findings.

The app's pages and ``python -m core profile`` both build a :class:`DatasetProfile` with
:func:`profile_table`, so the command line and the app agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.data import LoadedTable, PreparedTable, prepare_table
from core.errors import ModelPathError, ProblemError
from core.recipe import Recipe
from core.understand.findings import Finding, find_issues
from core.understand.problem import (
    MetricAdvice,
    TaskInference,
    check_task,
    infer_task,
    recommend_metric,
)

__all__ = ["DatasetProfile", "profile_table"]


@dataclass(frozen=True)
class DatasetProfile:
    """Everything the data and problem steps know about a table.

    Parameters
    ----------
    loaded : LoadedTable
        The table as read, with its load report.
    table : PreparedTable
        The table converted to its column kinds (recipe overrides and drops applied).
    target : str or None
    task : TaskInference or None
        The inferred task (with reason), when a target is set.
    task_error : str or None
        Why the target cannot be modelled, when it cannot.
    metric_advice : MetricAdvice or None
    findings : tuple of Finding
    """

    loaded: LoadedTable
    table: PreparedTable
    target: str | None
    task: TaskInference | None
    task_error: str | None
    metric_advice: MetricAdvice | None
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI's ``--json`` output)."""
        return {
            "load_report": self.loaded.report.to_dict(),
            "columns": [
                {
                    "name": c.name,
                    "kind": c.kind.value,
                    "reason": c.reason,
                    "missing": c.n_missing,
                    "unique": c.n_unique,
                    "overridden": c.overridden,
                }
                for c in self.table.columns
            ],
            "target": self.target,
            "task": None
            if self.task is None
            else {"task": self.task.task, "reason": self.task.reason},
            "task_error": self.task_error,
            "metric": None
            if self.metric_advice is None
            else {"metric": self.metric_advice.metric, "reason": self.metric_advice.reason},
            "findings": [f.to_dict() for f in self.findings],
        }


def profile_table(
    loaded: LoadedTable, recipe: Recipe | None = None, *, target: str | None = None
) -> DatasetProfile:
    """Profile a loaded table under a recipe.

    Parameters
    ----------
    loaded : LoadedTable
        From :func:`core.data.intake.load_table`.
    recipe : Recipe, optional
        Its data section (kind overrides, drops) and problem section (target, task, exclusions)
        are applied. Defaults to an empty recipe.
    target : str, optional
        Overrides ``recipe.problem.target``.

    Returns
    -------
    DatasetProfile

    Raises
    ------
    ModelPathError
        When ``target`` is not a column of the table.
    """
    recipe = recipe or Recipe()
    target = target if target is not None else recipe.problem.target
    table = prepare_table(loaded.frame, recipe.data, target=target)
    if target is not None and target not in table.frame.columns:
        shown = ", ".join(repr(str(c)) for c in list(table.frame.columns)[:20])
        raise ModelPathError(
            f"There is no column {target!r} in the table.",
            f"The columns are: {shown}.",
            "Check the spelling (names are case-sensitive) or pick another target.",
        )
    task = task_error = advice = None
    task_key = None
    if target is not None:
        info = table.info(target)
        y = table.frame[target]
        try:
            task = infer_task(y, info)
            task_key = recipe.problem.task or task.task
            if task_key != task.task:
                check_task(y, info, task_key)
            advice = recommend_metric(
                y, task_key, positive_class=_positive_class(recipe, task_key, y)
            )
        except ProblemError as exc:
            task, task_key, task_error = None, None, exc.message
    findings = find_issues(
        table,
        target=target if task_key else None,
        task=task_key,
        exclude=recipe.problem.exclude_columns,
        seed=recipe.split.seed,
    )
    return DatasetProfile(loaded, table, target, task, task_error, advice, findings)


def _positive_class(recipe: Recipe, task: str, y: pd.Series) -> object | None:
    positive = recipe.problem.positive_class
    if task != "binary" or positive is None:
        return None
    return positive if positive in set(y.dropna().unique()) else None
