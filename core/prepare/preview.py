"""What the cleaning and feature steps do to *this* data, computed on the training split only.

:func:`fit_preview` fits the preprocessing pipeline (no model) on the training rows, one step
at a time, exactly as the pipeline's own ``fit`` would, and records what each step did: rows
and columns in and out and a sentence in plain words. :func:`cleaning_effects` reads the fitted
steps back into a per-column before/after table (cells imputed and with what, values clipped
and to which fences, categories grouped) beside the row counts of pre-split cleaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline
from sklearn.pipeline import Pipeline as SkPipeline

from core.prepare.pipeline import build_pipeline
from core.prepare.pipeline_checks import PipelineError, check_pipeline, raise_for_errors
from core.prepare.training_rows import TrainingData
from core.recipe import Recipe

__all__ = [
    "PREVIEW_COLUMNS",
    "PREVIEW_ROWS",
    "BranchSummary",
    "CleaningEffects",
    "StepSummary",
    "TransformPreview",
    "cleaning_effects",
    "date_notes",
    "fit_preview",
]

_EMPTY_REASONS = {
    "select": "The selection kept nothing; an L1 model, for one, gives every feature zero "
    "weight when none predicts the target on the training rows.",
    "variance": "Every feature's training variance is at or below the threshold.",
    "drop_missing": "Every column is missing more often than the limit allows.",
}
_FIT_REASONS = {
    "variance": "No feature's training variance is above the threshold. After standard "
    "scaling every number has variance 1 and a 0/1 column at most 0.25, so a threshold "
    "that high removes everything.",
}
PREVIEW_ROWS = 20
PREVIEW_COLUMNS = 60
# Fitting the preview on more rows than this only makes it slower, not truer.
MAX_PREVIEW_FIT_ROWS = 50_000
SLOW_PREVIEW_FIT_ROWS = 10_000


@dataclass(frozen=True)
class StepSummary:
    """What one pipeline step did on the training rows.

    Parameters
    ----------
    name : str
        The step name (its parameters are addressed as ``name__param``).
    rows_in, rows_out, columns_in, columns_out : int
        Shape before and after the step.
    detail : str
        One or more sentences in plain words.
    """

    name: str
    rows_in: int
    rows_out: int
    columns_in: int
    columns_out: int
    detail: str


@dataclass(frozen=True)
class BranchSummary:
    """One branch of the ``prep`` step: which columns it takes and what it makes of them.

    Parameters
    ----------
    name : str
        The branch name (``prep__<name>__<step>__<param>`` addresses its settings).
    columns : tuple of str
        Input columns it received.
    steps : str
        Its steps in plain words, in order.
    features_out : int
        Output features it produced.
    """

    name: str
    columns: tuple[str, ...]
    steps: str
    features_out: int


@dataclass(frozen=True)
class TransformPreview:
    """The preprocessing fitted on the training rows, and its output.

    Parameters
    ----------
    pipeline : imblearn.pipeline.Pipeline
        The fitted preprocessing pipeline (no model).
    steps : tuple of StepSummary
        What each step did, in order.
    feature_names : tuple of str
        Names of the output features (``branch__column`` style).
    shape : tuple of int
        Rows × columns of the transformed training matrix.
    head : pandas.DataFrame
        The first rows and columns of that matrix, named.
    fitted_rows : int
        Training rows the preview was fitted on (a sample on very large tables).
    fitted_index : pandas.Index
        Their labels.
    branches : tuple of BranchSummary
        The branches of the ``prep`` step.
    """

    pipeline: Pipeline
    steps: tuple[StepSummary, ...]
    feature_names: tuple[str, ...]
    shape: tuple[int, int]
    head: pd.DataFrame
    fitted_rows: int
    branches: tuple[BranchSummary, ...] = ()
    fitted_index: pd.Index | None = None

    def branches_frame(self) -> pd.DataFrame:
        """The ``prep`` branches as a tidy table."""
        return pd.DataFrame(
            [
                {
                    "branch": b.name,
                    "columns": ", ".join(b.columns),
                    "steps": b.steps,
                    "features out": b.features_out,
                }
                for b in self.branches
            ],
            columns=["branch", "columns", "steps", "features out"],
        )

    def steps_frame(self) -> pd.DataFrame:
        """The step summaries as a tidy table."""
        return pd.DataFrame(
            [
                {
                    "step": s.name,
                    "rows": f"{s.rows_in:,} → {s.rows_out:,}",
                    "columns": f"{s.columns_in:,} → {s.columns_out:,}",
                    "what it did": s.detail,
                }
                for s in self.steps
            ]
        )


def fit_preview(
    recipe: Recipe, data: TrainingData, *, needs_scaling: bool = True
) -> TransformPreview:
    """Fit the preprocessing on the training rows and describe every step.

    Parameters
    ----------
    recipe : Recipe
        The recipe whose cleaning and features sections build the pipeline.
    data : TrainingData
        The split data; only the training rows are used.
    needs_scaling : bool
        Resolves ``scaling="auto"`` (see :func:`core.prepare.pipeline.resolve_scaling`).

    Returns
    -------
    TransformPreview

    Raises
    ------
    PipelineError
        When the choices cannot work on this data (checked before fitting).
    """
    raise_for_errors(check_pipeline(recipe, data))
    pipeline = build_pipeline(recipe, data.columns, task=data.task, needs_scaling=needs_scaling)
    X, y = data.X_train, data.y_train
    limit = MAX_PREVIEW_FIT_ROWS
    strategies = {
        recipe.cleaning.numeric_imputation,
        *recipe.cleaning.imputation_overrides.values(),
    }
    if strategies & {"knn", "iterative"}:
        limit = min(limit, SLOW_PREVIEW_FIT_ROWS)  # both grow much faster than linearly
    if len(X) > limit:
        X = X.sample(limit, random_state=recipe.split.seed)
        y = y.loc[X.index]
    fitted_rows = len(X)
    summaries = []
    names: list[str] = [str(c) for c in X.columns]
    Xt: Any = X
    yt: Any = y
    for name, step in pipeline.steps:
        rows_in, cols_in = Xt.shape
        before_y = yt
        try:
            if hasattr(step, "fit_resample"):
                Xt, yt = step.fit_resample(Xt, yt)
            else:
                Xt = step.fit_transform(Xt, yt)
                names = [str(n) for n in step.get_feature_names_out(names)]
        except ValueError as exc:
            # The checks catch the combinations we know; anything else the data provokes is
            # still reported as the step's own words, not as a traceback.
            raise PipelineError(
                f"The step {name!r} could not be fitted on the training rows.",
                _FIT_REASONS.get(name, "scikit-learn said: " + str(exc).split("\n")[0]),
                "Change that step's settings on the Clean or Features page and try again.",
            ) from exc
        if Xt.shape[1] == 0:
            raise PipelineError(
                f"The step {name!r} left no feature at all.",
                _EMPTY_REASONS.get(name, "Every column was removed by this step."),
                "Loosen that step (e.g. another selection method or more features to keep).",
            )
        summaries.append(
            StepSummary(
                name,
                rows_in,
                Xt.shape[0],
                cols_in,
                Xt.shape[1],
                _describe(name, step, cols_in, Xt.shape[1], before_y, yt, recipe),
            )
        )
    matrix = np.asarray(Xt, dtype="float64")
    head = pd.DataFrame(matrix[:PREVIEW_ROWS, :PREVIEW_COLUMNS], columns=names[:PREVIEW_COLUMNS])
    return TransformPreview(
        pipeline=pipeline,
        steps=tuple(summaries),
        feature_names=tuple(names),
        shape=(int(matrix.shape[0]), int(matrix.shape[1])),
        head=head,
        fitted_rows=fitted_rows,
        branches=_branches(pipeline.named_steps["prep"]),
        fitted_index=X.index,
    )


def _branches(prep: Any) -> tuple[BranchSummary, ...]:
    out = []
    for name, transformer, columns in prep.transformers_:
        if transformer == "drop" or name not in prep.output_indices_:
            continue
        names = [columns] if isinstance(columns, str) else [str(c) for c in columns]
        if not names:
            continue
        span = prep.output_indices_[name]
        out.append(
            BranchSummary(
                name=name,
                columns=tuple(names),
                steps=_branch_steps(transformer),
                features_out=int(span.stop - span.start),
            )
        )
    return tuple(out)


def _branch_steps(transformer: Any) -> str:
    if transformer == "passthrough":
        return "passed through"
    steps = transformer.steps if isinstance(transformer, SkPipeline) else [("", transformer)]
    return " → ".join(_step_label(step_name, step) for step_name, step in steps)


def _describe(name, step, cols_in, cols_out, y_before, y_after, recipe: Recipe) -> str:
    if name == "outlier_rows":
        return (
            f"Removed {step.n_removed_:,} training row(s) with a number outside the fences "
            f"(quartiles ± {step.iqr_factor:g} × IQR). Validation and test rows are never "
            "removed."
        )
    if name == "drop_missing":
        dropped = list(step.dropped_features_)
        if not dropped:
            return f"No column is missing in more than {step.max_missing_share:.0%} of rows."
        return (
            f"Dropped {', '.join(repr(str(c)) for c in dropped)}: more than "
            f"{step.max_missing_share:.0%} missing."
        )
    if name == "prep":
        used = [b for b, t, c in step.transformers_ if t != "drop" and len(c)]
        return " ".join(
            [
                f"{cols_in} columns → {cols_out} features through {len(used)} branch(es): "
                + ", ".join(used)
                + ".",
                *date_notes(step),
            ]
        )
    if name == "variance":
        return (
            f"Dropped {cols_in - cols_out} feature(s) with training variance ≤ {step.threshold:g}."
        )
    if name == "select":
        how = {
            "f_test": "an F-test against the target",
            "mutual_info": "mutual information with the target",
            "l1": "an L1-penalised linear model (zero weight = dropped)",
            "tree": "extra-trees importance",
        }[recipe.features.selection]
        return f"Kept {cols_out} of {cols_in} features, ranked by {how}."
    if name == "reduce":
        share = float(np.sum(step.explained_variance_ratio_))
        return (
            f"{cols_in} features → {cols_out} principal components keeping {share:.1%} of the "
            "variance."
        )
    if name == "resample":
        before = _counts(y_before)
        after = _counts(y_after)
        return f"Training rows by class {before} → {after} (validation and test rows untouched)."
    return type(step).__name__


def date_notes(prep: Any) -> list[str]:
    """Sentences on what the fitted date steps of ``prep`` added and left out.

    Parameters
    ----------
    prep : fitted ColumnTransformer
        The ``prep`` step of a fitted preprocessing pipeline.

    Returns
    -------
    list of str
        One sentence per date branch that dropped constant parts or added durations.
    """
    notes = []
    for _branch, transformer, columns in prep.transformers_:
        if not isinstance(transformer, SkPipeline) or not len(columns):
            continue
        for step_name, step in transformer.steps:
            if type(step).__name__ != "DateFeatures":
                continue
            pairs = getattr(step, "pairs_", np.empty((0, 2)))
            if step_name == "durations" and len(pairs):
                names = [str(c) for c in columns]
                possible = len(names) * (len(names) - 1) // 2
                shown = [f"{names[i]} → {names[j]}" for i, j in pairs]
                capped = (
                    f" (the first {len(pairs)} of {possible} pairs, neighbouring columns first)"
                    if len(pairs) < possible
                    else ""
                )
                notes.append(f"Added the days between dates: {', '.join(shown)}{capped}.")
            dropped = list(getattr(step, "dropped_features_", ()))
            if dropped:
                values = step.dropped_values_
                described = [
                    f"{name} (always {value:g})"
                    if np.isfinite(value)
                    else f"{name} (always missing)"
                    for name, value in zip(dropped, values, strict=True)
                ]
                notes.append(
                    "Left out, as every training row has the same value: "
                    + ", ".join(described)
                    + ". A part with one value carries nothing to learn from."
                )
    return notes


def _counts(y) -> str:
    counts = pd.Series(y).value_counts().sort_index()
    return ", ".join(f"{k}: {v:,}" for k, v in counts.items())


def _step_label(step_name: str, step: Any) -> str:
    kind = type(step).__name__
    params = step.get_params(deep=False)
    if kind == "SimpleImputer":
        return f"fill missing ({params['strategy']})"
    if kind == "KNNImputer":
        return f"fill missing (mean of {params['n_neighbors']} nearest rows)"
    if kind == "IterativeImputer":
        return "fill missing (predicted from the other columns)"
    if kind == "OutlierClipper":
        if params["method"] == "iqr":
            return f"clip to quartiles ± {params['iqr_factor']:g}×IQR"
        return f"clip to the {params['lower_quantile']:g}–{params['upper_quantile']:g} quantiles"
    if kind.endswith("Scaler"):
        return f"scale ({kind.removesuffix('Scaler').lower()})"
    labels = {
        "FunctionTransformer": "signed log" if step_name == "transform" else "as documents",
        "PowerTransformer": "Yeo-Johnson",
        "KBinsDiscretizer": f"{params.get('n_bins')} quantile bins",
        "PolynomialFeatures": f"polynomial terms (degree {params.get('degree')})",
        "DateFeatures": (
            "date parts (" + ", ".join(params.get("parts", ())) + ")"
            if params.get("parts")
            else "days between date columns"
        ),
        "RareCategoryGrouper": f"rare (< {params.get('min_share', 0):.1%}) → 'other'",
        "OneHotEncoder": "one-hot",
        "OrdinalEncoder": "ordinal codes",
        "TargetEncoder": "target encoding (cross-fitted)",
        "TfidfVectorizer": f"TF-IDF (≤ {params.get('max_features')} words)",
        "MissingIndicator": "0/1 'was missing' flags",
    }
    return labels.get(kind, kind)


@dataclass(frozen=True)
class CleaningEffects:
    """Before/after of cleaning, on the training split.

    Parameters
    ----------
    rows : pandas.DataFrame
        Row counts: loaded, dropped for a missing target, duplicates dropped, training,
        test, and training rows removed as outliers.
    columns : pandas.DataFrame
        One row per feature column: missing training cells and what fills them, values
        clipped and the fences, categories grouped into "other" and the rows affected,
        spellings normalised or merged before the split.
    dropped : mapping of str to str
        Feature columns dropped by a pipeline step, with the reason.
    """

    rows: pd.DataFrame
    columns: pd.DataFrame
    dropped: Mapping[str, str]


def cleaning_effects(data: TrainingData, preview: TransformPreview) -> CleaningEffects:
    """Read the fitted steps of a preview back into a per-column before/after table.

    Parameters
    ----------
    data : TrainingData
        The split data the preview was fitted on.
    preview : TransformPreview
        From :func:`fit_preview`.

    Returns
    -------
    CleaningEffects
    """
    clean = data.clean
    # Per-column counts describe the rows the preview was fitted on (all training rows, or a
    # sample of them on very large tables), so that counts and learned fences agree.
    X = data.X_train if preview.fitted_index is None else data.X_train.loc[preview.fitted_index]
    sampled = len(X) < len(data.X_train)
    pipeline = preview.pipeline
    removed = 0
    if "outlier_rows" in pipeline.named_steps:
        removed = int(pipeline.named_steps["outlier_rows"].n_removed_)
    rows = pd.DataFrame(
        [
            ("Rows loaded", clean.rows_in),
            ("Dropped: target missing", -clean.missing_target_rows),
            (
                "Dropped: exact duplicates"
                + (
                    f" ({clean.duplicates_found:,} found, kept: de-duplication is off)"
                    if clean.duplicates_found and not clean.duplicate_rows
                    else ""
                ),
                -clean.duplicate_rows,
            ),
            ("Held out for testing", -len(data.X_test)),
            ("Training rows", len(data.X_train)),
            *([("Previewed: a sample of the training rows", len(X))] if sampled else []),
            (
                "Training rows removed as outliers" + (" (in the sample)" if sampled else ""),
                -removed,
            ),
            (
                "Training rows the model learns from" + (" (in the sample)" if sampled else ""),
                len(X) - removed,
            ),
        ],
        columns=["rows", "count"],
    )
    records: dict[str, dict[str, Any]] = {
        c: {
            "column": c,
            "kind": data.columns.kind_of(c),
            "missing in training": int(X[c].isna().sum()),
            "filled with": "",
            "values clipped": 0,
            "fences": "",
            "categories → other": 0,
            "rows → other": 0,
            "text cells normalised or merged (all rows)": 0,
        }
        for c in X.columns
    }
    for change in clean.changes:
        if change.column in records:
            records[change.column]["text cells normalised or merged (all rows)"] += change.cells
    dropped: dict[str, str] = {}
    if "drop_missing" in pipeline.named_steps:
        step = pipeline.named_steps["drop_missing"]
        for column in step.dropped_features_:
            dropped[str(column)] = f"more than {step.max_missing_share:.0%} missing"
    prep = pipeline.named_steps["prep"]
    for _branch, transformer, columns in prep.transformers_:
        if not isinstance(transformer, SkPipeline) or not len(columns):
            continue
        columns = list(columns)
        fitted = dict(transformer.steps)
        if "durations" in fitted:
            continue  # its columns' gaps are described by their own date-parts branch
        # After date parts, the imputer holds one value per part, not one per column.
        per_part = "parts" in fitted
        _read_imputer(fitted.get("impute"), columns, records, per_part=per_part)
        _read_clipper(fitted.get("clip"), columns, X, records)
        _read_grouper(fitted.get("rare"), columns, X, records)
    frame = pd.DataFrame(list(records.values()))
    return CleaningEffects(rows=rows, columns=frame, dropped=MappingProxyType(dropped))


def _read_imputer(imputer: Any, columns: list[str], records: dict, *, per_part: bool) -> None:
    if imputer is None:
        return
    kind = type(imputer).__name__
    for i, column in enumerate(columns):
        if not records[column]["missing in training"]:
            continue
        if per_part:
            how = imputer.strategy if kind == "SimpleImputer" else "estimated"
            records[column]["filled with"] = f"each date part's training {how}"
        elif kind == "SimpleImputer":
            value = imputer.statistics_[i]
            label = f"{value:,.4g}" if isinstance(value, (float, np.floating)) else str(value)
            records[column]["filled with"] = f"{label} ({imputer.strategy})"
        elif kind == "KNNImputer":
            records[column]["filled with"] = f"mean of {imputer.n_neighbors} nearest rows"
        else:
            records[column]["filled with"] = "predicted from other columns"


def _read_clipper(clipper: Any, columns: list[str], X: pd.DataFrame, records: dict) -> None:
    if clipper is None:
        return
    for i, column in enumerate(columns):
        low, high = float(clipper.lower_[i]), float(clipper.upper_[i])
        values = pd.to_numeric(X[column], errors="coerce")
        records[column]["values clipped"] = int(((values < low) | (values > high)).sum())
        records[column]["fences"] = f"{low:,.4g} … {high:,.4g}"


def _read_grouper(grouper: Any, columns: list[str], X: pd.DataFrame, records: dict) -> None:
    if grouper is None:
        return
    for i, column in enumerate(columns):
        rare = set(grouper.rare_categories_[i])
        records[column]["categories → other"] = len(rare)
        records[column]["rows → other"] = int(X[column].isin(rare).sum())
