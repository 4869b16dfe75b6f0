"""Findings: the problems a careful ML engineer would spot in a table before modelling.

Each finding names its column and numbers, says what it means for a model, and what to do.
The target-leakage findings come from two checks: the single-column ones in
``core.understand.single_column_leaks`` (a column that predicts the target almost perfectly on
its own, or whose being filled gives a class away, is more often a record of the outcome than a
cause of it), and leaks that only a few columns give away together (``total = a + b + target``),
looked for by ``core.understand.leakage``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from core.data import ColumnKind, PreparedTable, values_are_codes
from core.understand.leakage import CombinationLeak, find_combination_leak
from core.understand.problem import class_balance
from core.understand.single_column_leaks import presence_leaks, single_column_scores

__all__ = [
    "LEAKAGE_CODES",
    "Finding",
    "Severity",
    "find_issues",
    "leakage_columns",
    "leakage_reasons",
    "spelling_variants",
    "suggested_exclusions",
]

HIGH_MISSING_SHARE = 0.30
SOME_MISSING_SHARE = 0.05
HIGH_CARDINALITY_LEVELS = 50
HEAVY_SKEW = 2.0
IMBALANCE_MINORITY_SHARE = 0.20
LEAK_SCORE = 0.98

RARE_CLASS_ROWS = 10
FEW_ROWS = 50


class Severity(StrEnum):
    """How urgently a finding needs attention."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in the data.

    Parameters
    ----------
    code : str
        Stable identifier, e.g. ``"leakage_suspect"``.
    severity : Severity
    column : str or None
        The column concerned, if any.
    title : str
        A short headline with the key number.
    detail : str
        What it means for a model, with the numbers.
    action : str
        What to do about it.
    value : float or None
        The number behind the finding (a share, a count, a score), for tests and tools.
    columns : tuple of str
        Every column the finding is about (a leak built from several columns names them all);
        defaults to ``(column,)``, or nothing for table-wide findings.
    """

    code: str
    severity: Severity
    column: str | None
    title: str
    detail: str
    action: str
    value: float | None = None
    columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.columns and self.column is not None:
            object.__setattr__(self, "columns", (self.column,))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "column": self.column,
            "title": self.title,
            "detail": self.detail,
            "action": self.action,
            "value": self.value,
            "columns": list(self.columns),
        }


def find_issues(
    table: PreparedTable,
    *,
    target: str | None = None,
    task: str | None = None,
    exclude: tuple[str, ...] = (),
    seed: int = 0,
) -> tuple[Finding, ...]:
    """List the table's problems, most urgent first.

    Parameters
    ----------
    table : PreparedTable
        The table converted to its column kinds.
    target : str, optional
        The target column; enables target checks (imbalance, leakage, missing targets).
    task : {"binary", "multiclass", "regression"}, optional
        Needed with ``target``.
    exclude : tuple of str
        Columns the person already excluded from the features (not checked for leakage).
    seed : int, default=0
        Seed for the leakage check's sampling and folds.

    Returns
    -------
    tuple of Finding
    """
    frame = table.frame
    n_rows = len(frame)
    found: list[Finding] = []
    if n_rows < FEW_ROWS:
        found.append(
            Finding(
                "few_rows",
                Severity.WARNING,
                None,
                f"Only {n_rows} rows",
                "With so few rows, scores swing a lot from one split to the next and complex "
                "models memorise rather than learn.",
                "Collect more rows if you can; prefer simple models and more CV folds.",
                float(n_rows),
            )
        )
    for info in table.columns:
        if info.name == target:
            continue
        found.extend(_column_findings(table, info.name, n_rows))
    n_duplicates = int(frame.duplicated().sum())
    if n_duplicates:
        share = n_duplicates / n_rows
        found.append(
            Finding(
                "duplicate_rows",
                Severity.WARNING,
                None,
                f"{n_duplicates:,} duplicate rows ({share:.1%})",
                "Exact copies can land on both sides of the train/test split, so the test "
                "score partly measures memory instead of generalisation.",
                "Drop duplicate rows in the Clean step unless repeats are real, separate events.",
                float(n_duplicates),
            )
        )
    if target is not None and task is not None and target in frame.columns:
        found.extend(_target_findings(table, target, task, exclude, seed))
    found.sort(key=lambda f: _ORDER[f.severity])
    return tuple(found)


def _column_findings(table: PreparedTable, name: str, n_rows: int) -> list[Finding]:
    info = table.info(name)
    column = table.frame[name]
    out: list[Finding] = []
    if info.kind is ColumnKind.CONSTANT:
        if info.n_unique == 0:
            out.append(
                Finding(
                    "empty_column",
                    Severity.WARNING,
                    name,
                    f"{name!r} is empty",
                    "Every value is missing, so the column carries no information.",
                    "Drop the column.",
                    1.0,
                )
            )
        elif info.n_missing:
            present = n_rows - info.n_missing
            out.append(
                Finding(
                    "constant_column",
                    Severity.WARNING,
                    name,
                    f"{name!r} has a single value where it is filled",
                    f"It holds the same value in {present:,} rows and is empty in the other "
                    f"{info.n_missing:,}, so only whether it is filled can carry information.",
                    "Drop it, or keep it as a yes/no 'is filled' flag if that may matter.",
                    1.0,
                )
            )
        else:
            out.append(
                Finding(
                    "constant_column",
                    Severity.WARNING,
                    name,
                    f"{name!r} has a single value",
                    "A column that never changes cannot help tell rows apart.",
                    "Drop the column.",
                    1.0,
                )
            )
        return out
    missing_share = info.n_missing / n_rows if n_rows else 0.0
    if missing_share >= HIGH_MISSING_SHARE:
        out.append(
            Finding(
                "high_missing",
                Severity.WARNING,
                name,
                f"{name!r} is {missing_share:.0%} missing",
                f"{info.n_missing:,} of {n_rows:,} values are missing; filling that many "
                "invents most of the column.",
                "Drop it, or keep it with a missing-indicator column if missingness itself may "
                "carry meaning.",
                missing_share,
            )
        )
    elif missing_share >= SOME_MISSING_SHARE:
        out.append(
            Finding(
                "some_missing",
                Severity.INFO,
                name,
                f"{name!r} is {missing_share:.0%} missing",
                f"{info.n_missing:,} values are missing; most algorithms need them filled.",
                "Impute them inside the pipeline (median for numbers, most frequent for "
                "categories), learned on training rows only.",
                missing_share,
            )
        )
    if info.kind is ColumnKind.IDENTIFIER:
        out.append(
            Finding(
                "identifier",
                Severity.WARNING,
                name,
                f"{name!r} looks like an ID",
                f"{info.reason} An ID names a row; a model can memorise it but it cannot "
                "generalise to new rows.",
                "Exclude it from the features (keep it if you need it to group rows).",
            )
        )
    if info.kind is ColumnKind.CATEGORICAL and info.n_unique > HIGH_CARDINALITY_LEVELS:
        out.append(
            Finding(
                "high_cardinality",
                Severity.WARNING,
                name,
                f"{name!r} has {info.n_unique:,} categories",
                "One-hot encoding would create a column per category, most of them rare.",
                "Group rare categories into 'other', use target encoding, or drop the column.",
                float(info.n_unique),
            )
        )
    if info.kind is ColumnKind.CATEGORICAL:
        variants = spelling_variants(column)
        if variants:
            examples = "; ".join(" / ".join(repr(v) for v in group[:4]) for group in variants[:3])
            out.append(
                Finding(
                    "inconsistent_categories",
                    Severity.WARNING,
                    name,
                    f"{name!r} spells the same category in different ways",
                    f"{len(variants)} group(s) of values differ only in case or spaces "
                    f"({examples}); a model treats each spelling as a separate category.",
                    "Normalise case and whitespace, or merge the spellings, in the Clean step.",
                    float(len(variants)),
                )
            )
    if info.kind is ColumnKind.NUMERIC:
        values = pd.to_numeric(column, errors="coerce").dropna()
        skew = float(values.skew()) if len(values) > 2 else 0.0
        if np.isfinite(skew) and abs(skew) > HEAVY_SKEW:
            side = "right (a long tail of large values)" if skew > 0 else "left"
            out.append(
                Finding(
                    "heavy_skew",
                    Severity.INFO,
                    name,
                    f"{name!r} is heavily skewed (skewness {skew:.1f})",
                    f"The values lean to the {side}; linear models and distance-based models "
                    "are pulled by the tail.",
                    "Try a log or Yeo-Johnson transform, or a tree-based model.",
                    skew,
                )
            )
    lost = table.lost_values.get(name, 0)
    if lost:
        out.append(
            Finding(
                "mixed_types",
                Severity.WARNING,
                name,
                f"{name!r} mixes numbers and text",
                f"{lost:,} values are not numbers and become missing when the column is read "
                f"as {info.kind.value}.",
                "Check those values: fix typos at the source, add them to the missing-value "
                "tokens, or set the column's kind to categorical.",
                float(lost),
            )
        )
    elif info.kind is ColumnKind.CATEGORICAL and info.reason.startswith("Mixed:"):
        # Codes ("A/5 21171", "113803"), not amounts with typos: read as numbers, every code
        # with a letter in it would become missing.
        codes = values_are_codes(table.raw[name]) if name in table.raw else False
        out.append(
            Finding(
                "mixed_types",
                Severity.WARNING,
                name,
                f"{name!r} mixes numbers and text",
                info.reason,
                "Keep it as text: most values are different, like codes. If it names rows (a "
                "ticket or order number), exclude it from the features."
                if codes
                else "Fix the text values, or set the kind to numeric so they become missing.",
            )
        )
    return out


def _target_findings(
    table: PreparedTable, target: str, task: str, exclude: tuple[str, ...], seed: int
) -> list[Finding]:
    out: list[Finding] = []
    y = table.frame[target]
    n_missing = int(y.isna().sum())
    if n_missing:
        out.append(
            Finding(
                "missing_target",
                Severity.WARNING,
                target,
                f"{n_missing:,} rows have no target",
                "Rows without an answer cannot be learned from or scored.",
                "They are dropped before the split; check why the target is missing.",
                float(n_missing),
            )
        )
    if task in ("binary", "multiclass") and y.notna().any():
        balance = class_balance(y)
        # Binary: a minority under 20 %. Multiclass: a class under half its fair share.
        fair_share = 1 / len(balance.counts)
        threshold = IMBALANCE_MINORITY_SHARE if task == "binary" else fair_share / 2
        if balance.minority_share < threshold:
            out.append(
                Finding(
                    "imbalanced_target",
                    Severity.WARNING,
                    target,
                    f"Imbalanced target: {balance.minority_class!r} is "
                    f"{balance.minority_share:.1%} of rows",
                    "Always predicting the majority class "
                    f"{balance.majority_class!r} already scores {balance.majority_share:.1%} "
                    "accuracy, so accuracy alone flatters a model.",
                    "Use F1, balanced accuracy or PR-AUC, a stratified split, and consider "
                    "class weights.",
                    balance.minority_share,
                )
            )
        rare = balance.counts[balance.counts < RARE_CLASS_ROWS]
        for label, count in rare.items():
            out.append(
                Finding(
                    "rare_class",
                    Severity.WARNING,
                    target,
                    f"Class {label!r} has only {count} row{'' if count == 1 else 's'}",
                    "Cross-validation needs rows of every class in every fold; a model sees "
                    "too few examples to learn this class.",
                    "Collect more examples, merge the class with a similar one, or use fewer "
                    "folds.",
                    float(count),
                )
            )
    # Excluded columns are checked too: a leak the person (or the default) left out stays
    # named on Explore, marked as left out, instead of vanishing from the findings.
    scores = single_column_scores(table, target, task, seed=seed)
    flagged = []
    for name, score, how in scores:
        if score >= LEAK_SCORE:
            flagged.append(name)
            out.append(_single_leak_finding(name, target, score, how, left_out=name in exclude))
    if task in ("binary", "multiclass"):
        for name, detail in presence_leaks(table, target, skip=flagged):
            flagged.append(name)
            out.append(_presence_leak_finding(name, target, detail, left_out=name in exclude))
    leak = find_combination_leak(table, target, task, single_scores=scores, skip=flagged, seed=seed)
    if leak is not None:
        out.append(_combination_finding(leak, target, left_out=set(leak.columns) & set(exclude)))
    return out


def _presence_leak_finding(name: str, target: str, detail: str, *, left_out: bool) -> Finding:
    why = (
        f"{detail} A value recorded only for one outcome is usually written after the outcome "
        "(a reason for leaving, a lifeboat, a date of death), which inflates scores and fails in "
        "use."
    )
    if left_out:
        return Finding(
            "leakage_suspect",
            Severity.INFO,
            name,
            f"Whether {name!r} is filled gives {target!r} away — left out of the features",
            why,
            f"Keep it left out unless {name!r} is known before the outcome happens.",
        )
    return Finding(
        "leakage_suspect",
        Severity.CRITICAL,
        name,
        f"Whether {name!r} is filled gives {target!r} away",
        why,
        f"Ask: is {name!r} known before the outcome happens? If not, exclude it.",
    )


def _single_leak_finding(name: str, target: str, score: float, how: str, *, left_out: bool):
    detail = (
        f"On its own, {name!r} scores {score:.3f} ({how}) under cross-validation. Real "
        "predictors are rarely this good; the column may be recorded after the outcome or be a "
        "copy of it, which inflates scores and fails in use."
    )
    if left_out:
        return Finding(
            "leakage_suspect",
            Severity.INFO,
            name,
            f"{name!r} alone predicts {target!r} almost perfectly — left out of the features",
            detail,
            f"Keep it left out unless {name!r} is known before the outcome happens.",
            score,
        )
    return Finding(
        "leakage_suspect",
        Severity.CRITICAL,
        name,
        f"{name!r} alone predicts {target!r} almost perfectly",
        detail,
        f"Ask: is {name!r} known before the outcome happens? If not, exclude it.",
        score,
    )


def _combination_finding(leak: CombinationLeak, target: str, *, left_out: set[str]) -> Finding:
    names = _and(leak.columns)
    if leak.relation:
        title = f"{names} together rebuild ‘{target}’ almost exactly"
        detail = (
            f"{leak.relation} on {leak.row_share:.1%} of rows (held-out R² {leak.score:.4f}, "
            f"though no one of these columns alone passes {leak.best_single:.2f}). "
        )
    else:
        title = f"{names} together predict ‘{target}’ almost perfectly"
        detail = (
            f"{names} together predict ‘{target}’ with balanced accuracy {leak.score:.3f} "
            f"under cross-validation, though neither alone passes {leak.best_single:.2f}. "
        )
    detail += (
        "Real predictors rarely combine this exactly; such columns are often recorded after "
        "the outcome (a total that includes it, a reading taken afterwards), which inflates "
        "scores and fails in use."
    )
    if left_out:
        # One left-out column is enough to break the relation for the model.
        return Finding(
            "leakage_combination",
            Severity.INFO,
            None,
            f"{title} — {_and(sorted(left_out))} left out of the features",
            detail,
            f"Keep {_and(sorted(left_out))} left out unless known before the outcome happens.",
            leak.score,
            columns=leak.columns,
        )
    return Finding(
        "leakage_combination",
        Severity.CRITICAL,
        None,
        title,
        detail,
        f"Ask: are {names} {'both' if len(leak.columns) == 2 else 'all'} known before the "
        "outcome happens? Exclude the ones that are not (one is often enough to break the "
        "relation).",
        leak.score,
        columns=leak.columns,
    )


def _and(names: Sequence[str]) -> str:
    quoted = [f"‘{n}’" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


LEAKAGE_CODES = frozenset({"leakage_suspect", "leakage_combination"})
_EXCLUDE_CODES = frozenset({"identifier", "constant_column", "empty_column"}) | LEAKAGE_CODES


def leakage_columns(findings: Sequence[Finding], *, target: str | None = None) -> tuple[str, ...]:
    """The columns that leakage findings name (single columns and combinations), sorted.

    Parameters
    ----------
    findings : sequence of Finding
    target : str, optional
        Never returned.

    Returns
    -------
    tuple of str
    """
    return tuple(sorted({c for f in findings if _live_leak(f) for c in f.columns} - {target}))


def _live_leak(finding: Finding) -> bool:
    """A leakage finding whose leak can still reach the model: one already left out (shown on
    Explore as information) names columns that are no longer suspects — leaving out one column
    of a combination breaks the relation for the others."""
    return finding.code in LEAKAGE_CODES and finding.severity is not Severity.INFO


def leakage_reasons(findings: Sequence[Finding], *, target: str) -> dict[str, str]:
    """Why each leakage suspect is one, in words a notice can quote: column → reason.

    Parameters
    ----------
    findings : sequence of Finding
    target : str
        The target (never a key).

    Returns
    -------
    dict of str to str
        In the order the findings name the columns, e.g. ``{"reason": "‘reason’ predicts
        ‘churned’ almost perfectly on its own (score 0.998)"}``; the columns of one
        combination share one reason.

    Examples
    --------
    >>> single = Finding("leakage_suspect", Severity.CRITICAL, "x", "t", "d", "a", 0.999)
    >>> leakage_reasons([single], target="y")
    {'x': '‘x’ predicts ‘y’ almost perfectly on its own, scoring 0.999'}
    """
    reasons: dict[str, str] = {}
    for finding in filter(_live_leak, findings):
        if finding.code == "leakage_suspect" and finding.column not in (None, target):
            if finding.value is None:  # a presence leak: its detail opens with the numbers
                why = finding.detail.split("; ")[0]
            else:
                why = (
                    f"‘{finding.column}’ predicts ‘{target}’ almost perfectly on its own, "
                    f"scoring {finding.value:.3f}"
                )
            reasons.setdefault(finding.column, why)
        elif finding.code == "leakage_combination":
            columns = [c for c in finding.columns if c != target]
            names = _and(columns)
            # The detail's first sentence carries the relation (regression) or the pair's score.
            evidence = re.sub(r" \([^()]*\)$", "", finding.detail.split(". ")[0])
            why = (
                f"{names} together rebuild ‘{target}’: {evidence}" if "≈" in evidence else evidence
            )
            for column in columns:
                reasons.setdefault(column, why)
    return reasons


def suggested_exclusions(findings: Sequence[Finding], *, target: str | None = None) -> list[str]:
    """Columns the findings say to leave out of the features (IDs, leaks, constant, empty).

    Parameters
    ----------
    findings : sequence of Finding
    target : str, optional
        Never suggested.

    Returns
    -------
    list of str
        Sorted column names.
    """
    return sorted({c for f in findings if f.code in _EXCLUDE_CODES for c in f.columns} - {target})


def spelling_variants(column: pd.Series) -> list[list[str]]:
    """Groups of distinct values that are equal once case and spaces are normalised.

    Parameters
    ----------
    column : pandas.Series
        A text column.

    Returns
    -------
    list of list of str
        Each group lists the spellings, most frequent first; groups are largest first.
    """
    counts = column.dropna().astype("str").value_counts()
    if len(counts) > 10_000:
        return []
    canonical = counts.index.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    groups: dict[str, list[str]] = {}
    for value, key in zip(counts.index, canonical, strict=True):
        groups.setdefault(key, []).append(value)
    variants = [group for group in groups.values() if len(group) > 1]
    variants.sort(key=len, reverse=True)
    return variants
