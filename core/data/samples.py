"""The built-in sample datasets, all available offline.

This module owns the registry of sample tables a learner can start from without uploading
anything: four classic scikit-learn datasets, the Palmer penguins, and a generated customer-churn
table that plants, on purpose, every problem the cleaning step teaches. Each sample carries a short
story, a suggested target, the kind of task and an attribution line.

Nothing is read at import time: the data are loaded lazily on first use and cached, and every
call to :func:`load_sample` hands back a new, independent frame. :func:`sample_csv_bytes` turns a
sample into UTF-8 CSV bytes so the app can route samples through the same intake path as uploads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.errors import ModelPathError

__all__ = [
    "SAMPLES",
    "SampleDataset",
    "list_samples",
    "load_sample",
    "make_churn_dataset",
    "sample_csv_bytes",
    "sample_file_name",
]


@dataclass(frozen=True)
class SampleDataset:
    """What a built-in sample is, where it comes from and what it teaches.

    Parameters
    ----------
    key : str
        Short identifier used in code and URLs, e.g. ``"iris"``.
    title : str
        Human-readable name, e.g. ``"Iris flowers"``.
    story : str
        Two to four friendly sentences: where the data come from, what one row is, what one
        would predict and why that is interesting for learning.
    suggested_target : str
        A column of the frame that makes a good first target.
    task : str
        ``"binary"``, ``"multiclass"`` or ``"regression"`` for the suggested target.
    source : str
        Attribution and licence line.
    lessons : tuple of str
        Short sentences naming what this dataset teaches.
    """

    key: str
    title: str
    story: str
    suggested_target: str
    task: str
    source: str
    lessons: tuple[str, ...]


_SAMPLE_LIST: tuple[SampleDataset, ...] = (
    SampleDataset(
        key="iris",
        title="Iris flowers",
        story=(
            "Each row is one iris flower measured by the botanist Edgar Anderson: the length and "
            "width of its petals and sepals. Predict the species (setosa, versicolor or "
            "virginica) from the four measurements. It is small and clean, so you can focus on "
            "the workflow itself."
        ),
        suggested_target="species",
        task="multiclass",
        source=(
            "scikit-learn bundled copy of the UCI Iris dataset (R. A. Fisher, 1936; "
            "UCI Machine Learning Repository, CC BY 4.0)."
        ),
        lessons=(
            "A clean, balanced table with no missing values.",
            "Three classes, one of them easy to separate and two that overlap.",
            "Few rows: cross-validation matters more than a single split.",
        ),
    ),
    SampleDataset(
        key="wine",
        title="Wine cultivars",
        story=(
            "Each row is one wine from the same region of Italy, described by thirteen results "
            "of a chemical analysis. Predict which of three grape cultivars it was made from. "
            "The features live on very different scales, which shows why scaling matters."
        ),
        suggested_target="cultivar",
        task="multiclass",
        source=(
            "scikit-learn bundled copy of the UCI Wine dataset (M. Forina et al., 1991; "
            "UCI Machine Learning Repository, CC BY 4.0)."
        ),
        lessons=(
            "Features on very different scales (proline in hundreds, hue around 1).",
            "Three mildly imbalanced classes.",
            "More features than the iris data but still few rows.",
        ),
    ),
    SampleDataset(
        key="breast_cancer",
        title="Breast cancer diagnosis",
        story=(
            "Each row is one breast-mass biopsy, described by thirty measurements of the cell "
            "nuclei seen in a digitised image. Predict whether the mass is malignant or benign. "
            "Mistakes cost very different things here, which makes it a good place to think "
            "about metrics beyond accuracy."
        ),
        suggested_target="diagnosis",
        task="binary",
        source=(
            "scikit-learn bundled copy of the UCI Breast Cancer Wisconsin (Diagnostic) dataset "
            "(W. H. Wolberg, W. N. Street, O. L. Mangasarian, 1995; UCI ML Repository, CC BY 4.0)."
        ),
        lessons=(
            "Two imbalanced classes (about 37% malignant).",
            "Many strongly correlated features (radius, perimeter and area).",
            "False negatives and false positives have very different costs.",
        ),
    ),
    SampleDataset(
        key="diabetes",
        title="Diabetes progression",
        story=(
            "Each row is one diabetes patient: age, sex, body-mass index, blood pressure and six "
            "blood-serum measurements taken at a baseline visit. Predict a number measuring how "
            "far the disease progressed one year later. It is a regression problem where even "
            "good models explain only part of the variation."
        ),
        suggested_target="disease_progression",
        task="regression",
        source=(
            "scikit-learn bundled copy of the diabetes data from Efron, Hastie, Johnstone and "
            "Tibshirani, 'Least Angle Regression' (Annals of Statistics, 2004), unscaled values."
        ),
        lessons=(
            "Predicting a number (regression) instead of a class.",
            "A category stored as numbers: sex is coded 1 or 2.",
            "A noisy target: a modest R² is an honest result, not a failure.",
        ),
    ),
    SampleDataset(
        key="penguins",
        title="Palmer penguins",
        story=(
            "Each row is one penguin observed near Palmer Station, Antarctica: its island, sex, "
            "bill and flipper sizes and body mass. Predict the species (Adelie, Chinstrap or "
            "Gentoo). Unlike the textbook tables it has real gaps and text categories to handle."
        ),
        suggested_target="species",
        task="multiclass",
        source=(
            "palmerpenguins package: data by K. B. Gorman, T. D. Williams and W. R. Fraser "
            "(2014), Palmer Station Antarctica LTER; CC0."
        ),
        lessons=(
            "Real missing values, including whole rows of missing measurements.",
            "Categorical features stored as text (island, sex).",
            "A year column that is a number but probably should not be a feature.",
        ),
    ),
    SampleDataset(
        key="churn",
        title="Customer churn (messy)",
        story=(
            "Each row is one customer of a fictional phone-and-internet company, as exported from "
            "its customer database. Predict whether the customer churned (cancelled). The table "
            "is generated on purpose with every problem real exports have: typos, gaps, "
            "duplicates, outliers and one column that gives the answer away."
        ),
        suggested_target="churned",
        task="binary",
        source=(
            "Synthetic data generated by ModelPath (core.data.samples.make_churn_dataset, seed 0); "
            "no real customers; MIT licence like the project."
        ),
        lessons=(
            "An identifier column (customer_id) that must not be used as a feature.",
            "Dates stored as text (signup_date).",
            "Missing numbers (age, monthly_charges, satisfaction_score) and missing categories.",
            "Outliers and typos: monthly charges of 9999, ages of -1 or 200.",
            "Inconsistent spellings, case and spaces in plan and region.",
            "A heavily skewed number (total_data_gb).",
            "A free-text column (last_support_note).",
            "A yes/no flag stored as text (paperless_billing).",
            "Target leakage: cancellation_reason is only filled in after a customer churns.",
            "A few exact duplicate rows.",
            "An imbalanced target: fewer than one customer in five churns.",
        ),
    ),
)

SAMPLES: Mapping[str, SampleDataset] = MappingProxyType({s.key: s for s in _SAMPLE_LIST})
"""The registry of built-in samples, in display order, keyed by :attr:`SampleDataset.key`."""


def list_samples() -> tuple[SampleDataset, ...]:
    """Return every built-in sample, in display order.

    Returns
    -------
    tuple of SampleDataset
        The samples, in the same order as :data:`SAMPLES`.
    """
    return tuple(SAMPLES.values())


def _check_key(key: str) -> SampleDataset:
    """Return the sample registered under ``key`` or raise a helpful error."""
    try:
        return SAMPLES[key]
    except (KeyError, TypeError):
        valid = ", ".join(SAMPLES)
        raise ModelPathError(
            f"There is no sample dataset called {key!r}.",
            "Only the built-in samples can be loaded by name.",
            f"Choose one of: {valid}.",
        ) from None


# --------------------------------------------------------------------------------------------
# The generated churn table
# --------------------------------------------------------------------------------------------

_CHURN_SNAPSHOT = np.datetime64("2024-12-31", "D")
_CHURN_RATE = 0.17
_MIN_CHURN_ROWS = 100
_MAX_CHURN_ROWS = 500_000

_PLANS = ("Basic", "Standard", "Premium")
_PLAN_SHARES = (0.45, 0.35, 0.20)
_PLAN_PRICES = (25.0, 50.0, 85.0)
_PLAN_EFFECTS = (0.45, 0.0, -0.35)
_PLAN_VARIANTS = (
    ("basic", " Basic ", "BASIC"),
    ("Std", "standard"),
    ("premium ", "PREMIUM"),
)
_REGIONS = ("North", "South", "East", "West")
_REGION_SHARES = (0.30, 0.25, 0.25, 0.20)
_REGION_VARIANTS = (
    ("north", "N.", " North"),
    ("south", "S.", "SOUTH"),
    ("east", "E.", "East "),
    ("west", "W.", "WEST"),
)
_PAYMENTS = ("Credit card", "Bank transfer", "Electronic check", "Mailed check")
_PAYMENT_SHARES = (0.35, 0.25, 0.25, 0.15)
_PAYMENT_EFFECTS = (0.0, -0.1, 0.35, 0.1)
_REASONS = ("price", "moved", "service", "competitor")
_REASON_SHARES = (0.35, 0.15, 0.30, 0.20)

_NOTE_OPENINGS = (
    "Customer called about",
    "Asked for help with",
    "Reported a problem with",
    "Chat message regarding",
    "Follow-up call on",
    "Email complaint about",
)
_NOTE_TOPICS = (
    "slow internet speed",
    "a billing error on the invoice",
    "the mobile app login",
    "roaming charges while abroad",
    "a router replacement",
    "upgrading the current plan",
    "dropped calls at home",
    "a password reset",
    "the new data allowance",
)
_NOTE_CALM_TAILS = (
    "",
    "issue resolved on call",
    "no further action needed",
    "customer seemed satisfied",
    "sent instructions by email",
)
_NOTE_UPSET_TAILS = (
    "customer was very frustrated",
    "ticket escalated to supervisor",
    "problem still not fixed",
    "promised a callback tomorrow",
)


def _exact_subset(rng: np.random.Generator, pool: np.ndarray, share: float) -> np.ndarray:
    """Pick ``round(share * n)`` distinct positions from ``pool`` (at least one)."""
    size = min(len(pool), max(1, round(share * len(pool))))
    return rng.choice(pool, size=size, replace=False)


def _messy(
    rng: np.random.Generator,
    codes: np.ndarray,
    names: tuple[str, ...],
    variants: tuple[tuple[str, ...], ...],
    share: float,
) -> np.ndarray:
    """Write category names, replacing about ``share`` of them with a badly typed variant."""
    out = np.array([names[c] for c in codes], dtype=object)
    for pos in _exact_subset(rng, np.arange(len(codes)), share):
        choices = variants[codes[pos]]
        out[pos] = choices[rng.integers(len(choices))]
    return out


def _support_notes(
    rng: np.random.Generator, support_calls: np.ndarray, upset: np.ndarray
) -> np.ndarray:
    """Short support-desk notes; missing for customers who never called."""
    notes = np.full(len(support_calls), np.nan, dtype=object)
    for i in np.flatnonzero(support_calls > 0):
        tails = _NOTE_UPSET_TAILS if rng.random() < upset[i] else _NOTE_CALM_TAILS
        opening = _NOTE_OPENINGS[rng.integers(len(_NOTE_OPENINGS))]
        topic = _NOTE_TOPICS[rng.integers(len(_NOTE_TOPICS))]
        tail = tails[rng.integers(len(tails))]
        notes[i] = f"{opening} {topic}; {tail}." if tail else f"{opening} {topic}."
    return notes


def _intercept_for_rate(logit: np.ndarray, rate: float) -> float:
    """Find the intercept that makes the mean churn probability equal ``rate`` (bisection)."""
    low, high = -20.0, 20.0
    for _ in range(60):
        mid = (low + high) / 2
        if np.mean(1 / (1 + np.exp(-(logit + mid)))) < rate:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def make_churn_dataset(n_rows: int = 2000, *, seed: int = 0) -> pd.DataFrame:
    """Generate a messy customer-churn table for teaching data cleaning and honest modelling.

    Each row is one customer of a fictional phone-and-internet subscription business, exported
    on 2024-12-31. Whether a customer churned is driven by real signal: short tenure, the Basic
    plan, high charges, low satisfaction, many support calls, electronic-check payment and
    paperless billing all raise the churn probability, so a model can learn something honest
    (cross-validated ROC-AUC of roughly 0.75-0.85 on the honest columns).

    The problems the cleaning step teaches are planted on purpose:

    * ``customer_id`` -- an identifier (``"C000123"``), unique per customer; useless as a
      feature.
    * ``signup_date`` -- dates stored as ISO text ``"YYYY-MM-DD"``.
    * ``age`` -- about 8% missing, plus a few typos (``-1`` and ``200``).
    * ``monthly_charges`` -- about 3% missing, plus a few absurd values of ``9999``.
    * ``satisfaction_score`` -- a 1-10 survey answer, about 25% missing.
    * ``plan`` and ``region`` -- inconsistent spelling, case and spaces for about 15% of rows
      (``"Basic"``, ``"basic"``, ``" Basic "``, ``"BASIC"``, ``"Std"``, ``"N."``, ...).
    * ``payment_method`` -- a category with about 5% missing.
    * ``total_data_gb`` -- heavily right-skewed (log-normal).
    * ``last_support_note`` -- free text of 5-15 words; missing for customers who never
      called support.
    * ``paperless_billing`` -- a boolean stored as ``"yes"``/``"no"`` text.
    * ``cancellation_reason`` -- target leakage: filled (``"price"``, ``"moved"``,
      ``"service"``, ``"competitor"``) only for churned customers and ``"none"`` or missing
      otherwise, so on its own it predicts the target perfectly.
    * about 1% exact duplicate rows (the same customer exported twice, so their
      ``customer_id`` repeats too).
    * ``churned`` -- the target, ``"yes"``/``"no"``, imbalanced with about 17% ``"yes"``.

    Parameters
    ----------
    n_rows : int, default=2000
        Number of rows, duplicates included; between 100 and 500,000.
    seed : int, default=0
        Seed for :func:`numpy.random.default_rng`. The same seed gives an identical frame.

    Returns
    -------
    pandas.DataFrame
        ``n_rows`` rows and the columns listed above, in a shuffled order of rows.

    Raises
    ------
    ValueError
        If ``n_rows`` is outside the supported range.
    """
    if not _MIN_CHURN_ROWS <= n_rows <= _MAX_CHURN_ROWS:
        raise ValueError(
            f"n_rows must be between {_MIN_CHURN_ROWS} and {_MAX_CHURN_ROWS}, got {n_rows}."
        )
    rng = np.random.default_rng(seed)
    n_dup = max(1, round(0.01 * n_rows))
    n = n_rows - n_dup
    rows = np.arange(n)

    ids = rng.choice(999_999, size=n, replace=False) + 1
    days_as_customer = rng.integers(20, 6 * 365, size=n)
    signup = _CHURN_SNAPSHOT - days_as_customer.astype("timedelta64[D]")
    tenure_months = days_as_customer // 30

    age = np.clip(np.round(rng.normal(44, 14, size=n)), 18, 85)
    region = rng.choice(len(_REGIONS), size=n, p=_REGION_SHARES)
    plan = rng.choice(len(_PLANS), size=n, p=_PLAN_SHARES)
    payment = rng.choice(len(_PAYMENTS), size=n, p=_PAYMENT_SHARES)
    paperless = rng.random(n) < 0.6

    data_gb = np.round(rng.lognormal(np.log(6.0) + 0.4 * plan, 1.1, size=n), 1)
    charges = np.asarray(_PLAN_PRICES)[plan] + 0.3 * np.minimum(data_gb, 80)
    charges = np.round(np.maximum(charges + rng.normal(0, 6, size=n), 10.0), 2)

    happiness = rng.normal(6.8, 2.0, size=n)
    satisfaction = np.clip(np.round(happiness), 1, 10)
    support_calls = rng.poisson(np.exp(0.3 + 0.25 * (6.8 - happiness)))
    support_calls = np.minimum(support_calls, 15)

    logit = (
        -0.05 * tenure_months
        + np.asarray(_PLAN_EFFECTS)[plan]
        + 0.025 * (charges - 50)
        - 0.35 * (happiness - 6.8)
        + 0.2 * support_calls
        + np.asarray(_PAYMENT_EFFECTS)[payment]
        + 0.25 * paperless
    )
    probability = 1 / (1 + np.exp(-(logit + _intercept_for_rate(logit, _CHURN_RATE))))
    churned = rng.random(n) < probability

    reasons = np.full(n, np.nan, dtype=object)
    reasons[rng.random(n) < 0.65] = "none"
    reasons[churned] = rng.choice(_REASONS, size=int(churned.sum()), p=_REASON_SHARES)

    upset = 1 / (1 + np.exp(happiness - 4.5))
    notes = _support_notes(rng, support_calls, upset)

    # Data-entry gaps and errors happen on export; the churn decision above saw true values.
    age[_exact_subset(rng, rows, 0.08)] = np.nan
    charges[_exact_subset(rng, rows, 0.03)] = np.nan
    satisfaction[_exact_subset(rng, rows, 0.25)] = np.nan
    payment_text = np.array([_PAYMENTS[p] for p in payment], dtype=object)
    payment_text[_exact_subset(rng, rows, 0.05)] = np.nan
    n_outliers = max(2, n // 400)
    charges[rng.choice(rows[~np.isnan(charges)], size=n_outliers, replace=False)] = 9999.0
    typo_rows = rng.choice(rows[~np.isnan(age)], size=n_outliers, replace=False)
    age[typo_rows] = np.where(np.arange(n_outliers) % 2 == 0, -1.0, 200.0)

    frame = pd.DataFrame(
        {
            "customer_id": pd.array([f"C{i:06d}" for i in ids], dtype="str"),
            "signup_date": pd.array(np.datetime_as_string(signup, unit="D"), dtype="str"),
            "age": age,
            "region": pd.array(_messy(rng, region, _REGIONS, _REGION_VARIANTS, 0.15), dtype="str"),
            "plan": pd.array(_messy(rng, plan, _PLANS, _PLAN_VARIANTS, 0.15), dtype="str"),
            "payment_method": pd.array(payment_text, dtype="str"),
            "paperless_billing": pd.array(np.where(paperless, "yes", "no"), dtype="str"),
            "tenure_months": tenure_months.astype("int64"),
            "monthly_charges": charges,
            "total_data_gb": data_gb,
            "support_calls": support_calls.astype("int64"),
            "satisfaction_score": satisfaction,
            "last_support_note": pd.array(notes, dtype="str"),
            "cancellation_reason": pd.array(reasons, dtype="str"),
            "churned": pd.array(np.where(churned, "yes", "no"), dtype="str"),
        }
    )
    duplicates = frame.iloc[rng.choice(n, size=n_dup, replace=False)]
    frame = pd.concat([frame, duplicates], ignore_index=True)
    return frame.iloc[rng.permutation(n_rows)].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Loaders (lazy: sklearn and palmerpenguins are imported only when a sample is asked for)
# --------------------------------------------------------------------------------------------


def _with_named_target(frame: pd.DataFrame, name: str, labels: object | None) -> pd.DataFrame:
    """Rename the ``target`` column of a scikit-learn frame and map codes to class names."""
    target = frame["target"]
    if labels is not None:
        names = np.asarray(labels, dtype=object)
        target = pd.Series(names[target.to_numpy(dtype=int)], index=frame.index, dtype="str")
    out = frame.drop(columns="target")
    out[name] = target
    out.columns = [str(c) for c in out.columns]
    return out.reset_index(drop=True)


def _load_iris() -> pd.DataFrame:
    from sklearn.datasets import load_iris

    bunch = load_iris(as_frame=True)
    return _with_named_target(bunch.frame, "species", bunch.target_names)


def _load_wine() -> pd.DataFrame:
    from sklearn.datasets import load_wine

    bunch = load_wine(as_frame=True)
    return _with_named_target(bunch.frame, "cultivar", bunch.target_names)


def _load_breast_cancer() -> pd.DataFrame:
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    return _with_named_target(bunch.frame, "diagnosis", bunch.target_names)


def _load_diabetes() -> pd.DataFrame:
    from sklearn.datasets import load_diabetes

    bunch = load_diabetes(as_frame=True, scaled=False)
    return _with_named_target(bunch.frame, "disease_progression", None)


def _load_penguins() -> pd.DataFrame:
    from palmerpenguins import load_penguins

    frame = load_penguins()
    frame.columns = [str(c) for c in frame.columns]
    return frame.reset_index(drop=True)


_LOADERS: Mapping[str, Callable[[], pd.DataFrame]] = MappingProxyType(
    {
        "iris": _load_iris,
        "wine": _load_wine,
        "breast_cancer": _load_breast_cancer,
        "diabetes": _load_diabetes,
        "penguins": _load_penguins,
        "churn": make_churn_dataset,
    }
)


@functools.lru_cache(maxsize=len(_SAMPLE_LIST))
def _load_cached(key: str) -> pd.DataFrame:
    """Load a sample once per process; callers must copy before handing it out."""
    return _LOADERS[key]()


def load_sample(key: str) -> pd.DataFrame:
    """Load a built-in sample as a new DataFrame.

    Parameters
    ----------
    key : str
        One of the keys of :data:`SAMPLES`.

    Returns
    -------
    pandas.DataFrame
        A fresh deep copy: changing it never affects later calls.

    Raises
    ------
    ModelPathError
        If ``key`` is not a known sample; the message lists the valid keys.
    """
    sample = _check_key(key)
    return _load_cached(sample.key).copy(deep=True)


def sample_file_name(key: str) -> str:
    """Return the file name a sample gets when treated like an uploaded file.

    Parameters
    ----------
    key : str
        One of the keys of :data:`SAMPLES`.

    Returns
    -------
    str
        ``"<key>.csv"``, e.g. ``"churn.csv"``.

    Raises
    ------
    ModelPathError
        If ``key`` is not a known sample.
    """
    return f"{_check_key(key).key}.csv"


def sample_csv_bytes(key: str) -> bytes:
    """Return a sample as UTF-8 CSV bytes, without the index.

    Parameters
    ----------
    key : str
        One of the keys of :data:`SAMPLES`.

    Returns
    -------
    bytes
        The CSV text encoded as UTF-8, readable by :func:`pandas.read_csv`.

    Raises
    ------
    ModelPathError
        If ``key`` is not a known sample.
    """
    return load_sample(key).to_csv(index=False).encode("utf-8")
