"""Leaks built from several columns: the target rebuilt from a few features taken together.

The single-column check (``core.understand.single_column_leaks``) misses a target that no
one column gives away but a few columns do together: ``total = a + b + price + fee`` hands over
``price`` once ``total``, ``a`` and ``b`` are all features; two readings whose difference is the
class (``after − before > 0``) separate the classes only together. Both are usually records made
after the outcome. This module looks for them cheaply, on a bounded sample and a bounded set of
columns, with every score held out so that many columns cannot fit noise:

* regression: an ordinary least-squares fit of the target on the numeric columns, fitted on one
  half of the sample and judged on the other; when the held-out residual is tiny against the
  target's spread, greedy forward selection names the few columns that carry the weight;
* classification: pairs of the strongest single columns, each pair cross-validated with a
  shallow tree on the two columns and on their least-squares projection (for diagonal
  boundaries), or, for two category columns, the majority class of each pair of values.

It returns frozen results; ``core.understand.findings`` turns them into findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier

from core.data import ColumnKind, PreparedTable

__all__ = ["CombinationLeak", "find_combination_leak"]

#: Rows sampled for the check; enough to see a near-exact relation, few enough to stay fast.
SAMPLE_ROWS = 2_000
#: Numeric columns offered to the least-squares fit (the most correlated with the target).
MAX_REGRESSION_COLUMNS = 60
#: Columns a rebuilt target may name; a relation needing more is not "a few columns".
MAX_NAMED_COLUMNS = 4
#: Held-out residual spread, as a share of the target's spread, below which the target counts as
#: rebuilt (a held-out R² above 0.999).
TINY_RESIDUAL = 0.03
#: A row counts as rebuilt when its residual is within this share of the target's spread.
ROW_TOLERANCE = 0.01
#: Strongest single columns paired for classification (8 columns → 28 pairs).
MAX_PAIRED_COLUMNS = 8
#: Cross-validated balanced accuracy a pair must reach. Stricter than the single-column bar
#: (0.98): honest pairs of measurements reach 0.97 on tidy data (penguin species from two bill
#: measurements), a record of the outcome reaches 1.
PAIR_SCORE = 0.99
#: Columns (by single-column score) tried beside the strongest ones through a cheap screen.
MAX_SCREENED_COLUMNS = 60
#: Balanced accuracy of the least-squares screen above which a pair is scored in full.
SCREEN_SCORE = 0.9
#: A pair scoring below this on its first fold is not scored on the others.
EARLY_STOP_SCORE = 0.95
#: Largest share of the better single column's errors a pair may leave (a pair must remove
#: three quarters of them).
PAIR_ERROR_SHARE = 0.25
#: Numeric columns with more missing values than this are left out of the least-squares fit
#: (it needs complete rows).
MAX_MISSING_SHARE = 0.2
_MIN_ROWS = 40


@dataclass(frozen=True)
class CombinationLeak:
    """A target that a few columns predict almost perfectly together.

    Parameters
    ----------
    columns : tuple of str
        The columns that carry the weight, most important first.
    score : float
        Held-out R² (regression) or cross-validated balanced accuracy (classification).
    how : str
        What ``score`` is: ``"held-out R²"`` or ``"balanced accuracy"``.
    best_single : float
        The best single-column score among ``columns`` (same measure as the single-column check).
    relation : str
        The relation in words, e.g. ``"‘y’ ≈ ‘total’ − ‘a’ − ‘b’ − 3.30"`` (regression only).
    row_share : float or None
        Share of sampled rows the relation rebuilds within a small tolerance (regression only).
    """

    columns: tuple[str, ...]
    score: float
    how: str
    best_single: float
    relation: str = ""
    row_share: float | None = None


def find_combination_leak(
    table: PreparedTable,
    target: str,
    task: str,
    *,
    single_scores: Sequence[tuple[str, float, str]],
    skip: Sequence[str] = (),
    seed: int = 0,
) -> CombinationLeak | None:
    """Look for a few columns that together predict the target almost perfectly.

    Parameters
    ----------
    table : PreparedTable
        The table converted to its column kinds.
    target : str
        The target column.
    task : {"binary", "multiclass", "regression"}
    single_scores : sequence of (column, score, how)
        The single-column scores (from :func:`core.understand.single_column_scores`);
        classification pairs the strongest of them, and both tasks report the best single score of
        the columns named.
    skip : sequence of str
        Columns left out: those the person excluded and single-column leaks already flagged (a
        combination that merely contains one says nothing new).
    seed : int, default=0
        Seed of the sample, the held-out half and the folds.

    Returns
    -------
    CombinationLeak or None
        The strongest combination found, or None when there is none.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from core.data.dataset import prepare_table
    >>> from core.recipe import DataSection
    >>> rng = np.random.default_rng(0)
    >>> a, y = rng.normal(50, 10, 500), rng.normal(100, 20, 500)
    >>> frame = pd.DataFrame({"a": a, "total": a + y, "y": y})
    >>> leak = find_combination_leak(
    ...     prepare_table(frame, DataSection(), target="y"), "y", "regression", single_scores=[]
    ... )
    >>> leak.relation
    '‘y’ ≈ ‘total’ − ‘a’'
    """
    frame = table.frame
    rows = frame[frame[target].notna()]
    if len(rows) < _MIN_ROWS:
        return None
    if len(rows) > SAMPLE_ROWS:
        rows = rows.sample(n=SAMPLE_ROWS, random_state=seed)
    skipped = {*skip, target}
    singles = {name: score for name, score, _ in single_scores}
    if task == "regression":
        return _rebuilt_target(table, rows, target, skipped, singles, seed)
    return _separating_pair(table, rows, target, skipped, single_scores, seed)


# --- regression ------------------------------------------------------------------------------


def _rebuilt_target(table, rows, target, skipped, singles, seed) -> CombinationLeak | None:
    y = rows[target].to_numpy(dtype="float64", na_value=np.nan)
    usable = (ColumnKind.NUMERIC, ColumnKind.BOOLEAN)
    limit = MAX_MISSING_SHARE * len(rows)
    names, columns = [], []
    for info in table.columns:
        if info.name in skipped or info.kind not in usable:
            continue
        values = _numbers(rows[info.name])
        if np.isnan(values).sum() > limit or np.nanstd(values) == 0:
            continue
        names.append(info.name)
        columns.append(values)
    if len(names) < 2:
        return None
    X = np.column_stack(columns)
    complete = ~np.isnan(X).any(axis=1) & np.isfinite(y)
    X, y = X[complete], y[complete]
    spread = float(np.std(y))
    if len(y) < _MIN_ROWS or spread == 0:
        return None
    if len(names) > MAX_REGRESSION_COLUMNS:
        strongest = np.argsort(-np.abs(_correlations(X, y)))[:MAX_REGRESSION_COLUMNS]
        X, names = X[:, strongest], [names[i] for i in strongest]
    order = np.random.default_rng(seed).permutation(len(y))
    fit, judge = order[: len(y) // 2], order[len(y) // 2 :]

    def held_out_spread(chosen: list[int]) -> float:
        residual = _residuals(X[:, chosen], y, fit, judge)
        return float(np.sqrt(np.mean(residual**2))) / spread

    # One fit on every column first: when even all of them together leave a visible residual,
    # no subset can do better and the search below is skipped (the usual, honest case).
    if held_out_spread(list(range(len(names)))) > TINY_RESIDUAL:
        return None
    chosen: list[int] = []
    best = np.inf
    while len(chosen) < MAX_NAMED_COLUMNS and best > TINY_RESIDUAL:
        trials = {j: held_out_spread([*chosen, j]) for j in range(len(names)) if j not in chosen}
        j, best = min(trials.items(), key=lambda item: item[1])
        chosen.append(j)
    # Greedy picks the strongest honest predictor first (a weight explains most of a price);
    # once the leak's columns rebuild the target, such a column adds nothing. Drop every column
    # the relation holds without, so only the columns that carry it are named (and left out).
    for j in sorted(chosen, key=lambda j: held_out_spread([k for k in chosen if k != j])):
        rest = [k for k in chosen if k != j]
        if len(rest) >= 2 and held_out_spread(rest) <= TINY_RESIDUAL:
            chosen = rest
    best = held_out_spread(chosen)
    if best > TINY_RESIDUAL or len(chosen) < 2:
        # Rebuilt only from many columns (not "a few"), or by one column alone (the
        # single-column check's business).
        return None
    design = np.column_stack([X[:, chosen], np.ones(len(y))])
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    # Refit on the rows the relation holds for, so that a few odd rows (a fee of 5.00 where it
    # is 3.30 on every other row) do not blur the coefficients the person reads.
    off = np.abs(y - design @ coefficients)
    typical = off <= max(3 * float(np.median(off)), 1e-9 * spread)
    if typical.sum() >= len(y) // 2:
        coefficients = np.linalg.lstsq(design[typical], y[typical], rcond=None)[0]
    residual = _residuals(X[:, chosen], y, fit, judge)
    off = np.abs(y - design @ coefficients)
    within = off <= ROW_TOLERANCE * spread
    named = tuple(names[j] for j in chosen)
    return CombinationLeak(
        columns=named,
        score=1.0 - float(np.mean(residual**2)) / spread**2,
        how="held-out R²",
        best_single=max((singles.get(n, 0.0) for n in named), default=0.0),
        relation=_relation(target, named, coefficients, spread, float(np.median(off))),
        row_share=float(np.mean(within)),
    )


def _residuals(X: np.ndarray, y: np.ndarray, fit: np.ndarray, judge: np.ndarray) -> np.ndarray:
    design = np.column_stack([X, np.ones(len(y))])
    coefficients = np.linalg.lstsq(design[fit], y[fit], rcond=None)[0]
    return y[judge] - design[judge] @ coefficients


def _correlations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    centred = X - X.mean(axis=0)
    scale = np.sqrt((centred**2).sum(axis=0) * ((y - y.mean()) ** 2).sum())
    return (centred * (y - y.mean())[:, None]).sum(axis=0) / np.where(scale == 0, 1, scale)


def _relation(
    target: str, names: Sequence[str], coefficients: np.ndarray, spread: float, noise: float
) -> str:
    terms = []
    for name, coefficient in zip(names, coefficients[:-1], strict=True):
        sign = "−" if coefficient < 0 else "+"
        size = abs(float(coefficient))
        body = f"‘{name}’" if abs(size - 1) < 0.005 else f"{_number(size)} × ‘{name}’"
        terms.append((sign, body))
    intercept = float(coefficients[-1])
    # A constant is part of the relation when it stands out of the rows' own scatter around it
    # (a fee of 3.30 on prices of thousands), not only when it is large against the target.
    if abs(intercept) >= min(ROW_TOLERANCE * spread, max(10 * noise, 1e-6 * spread)):
        terms.append(("−" if intercept < 0 else "+", _number(abs(intercept))))
    # A positive term first reads naturally ("total − a"); otherwise start with a minus sign.
    terms.sort(key=lambda term: term[0] != "+")
    first_sign, first = terms[0]
    text = first if first_sign == "+" else f"−{first}"
    for sign, body in terms[1:]:
        text += f" {sign} {body}"
    return f"‘{target}’ ≈ {text}"


def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


# --- classification --------------------------------------------------------------------------


def _separating_pair(table, rows, target, skipped, single_scores, seed) -> CombinationLeak | None:
    # Integer class codes: scikit-learn's checks on text labels cost more than the fits here.
    classes, y = np.unique(rows[target].astype("str").to_numpy(), return_inverse=True)
    counts = np.bincount(y)
    if len(classes) < 2 or int(counts.min()) < 2:
        return None
    splitter = StratifiedKFold(n_splits=min(3, int(counts.min())), shuffle=True, random_state=seed)
    folds = list(splitter.split(np.zeros(len(y)), y))
    pairable = (
        ColumnKind.NUMERIC,
        ColumnKind.BOOLEAN,
        ColumnKind.DATETIME,
        ColumnKind.CATEGORICAL,
    )
    kinds = {info.name: info.kind for info in table.columns}
    ranked = [
        (name, score)
        for name, score, _ in single_scores
        if name not in skipped and kinds.get(name) in pairable
    ]
    strongest = ranked[:MAX_PAIRED_COLUMNS]
    pairs = list(combinations(strongest, 2))
    # A partner that says nothing alone ("before" beside "after") ranks anywhere, so every
    # numeric column is also tried beside the strongest ones — through a cheap least-squares
    # screen first; only pairs that pass it are scored in full.
    numeric = {
        name: _numbers(rows[name])
        for name, _ in ranked[:MAX_SCREENED_COLUMNS]
        if kinds[name] is not ColumnKind.CATEGORICAL
    }
    screened = {frozenset((a, b)) for (a, _), (b, _) in pairs}
    for (a, score_a), (b, score_b) in product(strongest, ranked[:MAX_SCREENED_COLUMNS]):
        if a in numeric and b in numeric and frozenset((a, b)) not in screened:
            screened.add(frozenset((a, b)))
            if _linear_screen(numeric[a], numeric[b], y, folds) >= SCREEN_SCORE:
                pairs.append(((a, score_a), (b, score_b)))
    best: CombinationLeak | None = None
    for (a, score_a), (b, score_b) in pairs:
        categorical = [kinds[a] is ColumnKind.CATEGORICAL, kinds[b] is ColumnKind.CATEGORICAL]
        if all(categorical):
            score = _joint_categories_score(rows[a], rows[b], y, folds)
        elif any(categorical):
            continue  # a number beside a category: no cheap model that is fair to both
        else:
            score = _numeric_pair_score(rows[a], rows[b], y, folds, seed)
        # Together they must remove most of the errors the better column leaves alone: two
        # strong honest measurements (iris petals, 0.95 alone) add little to each other.
        helps = 1 - score <= PAIR_ERROR_SHARE * (1 - max(score_a, score_b))
        if score >= PAIR_SCORE and helps and (best is None or score > best.score):
            best = CombinationLeak(
                columns=(a, b),
                score=score,
                how="balanced accuracy",
                best_single=max(score_a, score_b),
            )
    return best


def _numeric_pair_score(a: pd.Series, b: pd.Series, y: np.ndarray, folds, seed: int) -> float:
    X = np.column_stack([_numbers(a), _numbers(b)])
    n_classes = int(y.max()) + 1
    tree_predictions = np.empty(len(y), dtype=int)
    linear_predictions = np.empty(len(y), dtype=int)
    for i, (train, test) in enumerate(folds):
        filled = _filled(X, train)
        # The difference rides along: two readings of one quantity whose change is the class
        # (after − before > 0) give each other away through it.
        with_difference = np.column_stack([filled, filled[:, 0] - filled[:, 1]])
        tree = DecisionTreeClassifier(max_depth=3, random_state=seed)
        tree.fit(with_difference[train], y[train])
        tree_predictions[test] = tree.predict(with_difference[test])
        # Any other diagonal boundary (a − 2·b > 0, in any units): project on the least-squares
        # directions that best tell each class from the rest; a shallow tree places the cuts.
        design = np.column_stack([filled, np.ones(len(y))])
        indicators = np.eye(n_classes)[y[train]]
        weights = np.linalg.lstsq(design[train], indicators, rcond=None)[0]
        projected = design @ weights[:, 1:] if n_classes == 2 else design @ weights
        tree = DecisionTreeClassifier(max_depth=3, random_state=seed)
        linear_predictions[test] = tree.fit(projected[train], y[train]).predict(projected[test])
        if i == 0:
            # A pair far from the bar on its first fold cannot reach it overall: stop early
            # (most pairs of honest columns end here, at a third of the cost).
            first = max(
                _balanced_accuracy(y[test], tree_predictions[test]),
                _balanced_accuracy(y[test], linear_predictions[test]),
            )
            if first < EARLY_STOP_SCORE:
                return first
    return max(_balanced_accuracy(y, tree_predictions), _balanced_accuracy(y, linear_predictions))


def _linear_screen(a: np.ndarray, b: np.ndarray, y: np.ndarray, folds) -> float:
    """Cross-validated balanced accuracy of a least-squares one-vs-rest classifier (numpy only)."""
    X = np.column_stack([a, b])
    n_classes = int(y.max()) + 1
    predictions = np.empty(len(y), dtype=int)
    for train, test in folds:
        filled = _filled(X, train)
        design = np.column_stack([filled, filled[:, 0] - filled[:, 1], np.ones(len(y))])
        weights = np.linalg.lstsq(design[train], np.eye(n_classes)[y[train]], rcond=None)[0]
        predictions[test] = (design[test] @ weights).argmax(axis=1)
    return _balanced_accuracy(y, predictions)


def _filled(X: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Missing values get the training rows' median: a diagonal boundary needs both numbers."""
    gaps = np.isnan(X)
    if not gaps.any():
        return X
    medians = np.nanmedian(X[train], axis=0)
    return np.where(gaps, np.where(np.isnan(medians), 0.0, medians), X)


def _joint_categories_score(a: pd.Series, b: pd.Series, y: np.ndarray, folds) -> float:
    keys = a.astype("str").fillna("<missing>") + "\x1f" + b.astype("str").fillna("<missing>")
    codes = pd.factorize(keys)[0]
    n_classes = int(y.max()) + 1
    predictions = np.empty(len(y), dtype=int)
    for train, test in folds:
        # The majority class of each pair of values seen in training; unseen pairs get the
        # overall majority.
        table = np.zeros((codes.max() + 1, n_classes))
        np.add.at(table, (codes[train], y[train]), 1)
        majority = np.bincount(y[train], minlength=n_classes).argmax()
        seen = table.sum(axis=1) > 0
        lookup = np.where(seen, table.argmax(axis=1), majority)
        predictions[test] = lookup[codes[test]]
    return _balanced_accuracy(y, predictions)


def _numbers(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        days = (column - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400
        return days.to_numpy(dtype="float64", na_value=np.nan)
    values = column.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isinf(values), np.nan, values)


def _balanced_accuracy(y: np.ndarray, predictions: np.ndarray) -> float:
    # The mean recall of the classes present, as scikit-learn's balanced_accuracy_score.
    recalls = [np.mean(predictions[y == k] == k) for k in np.unique(y)]
    return float(np.mean(recalls))
