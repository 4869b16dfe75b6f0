"""Tests for core.data.samples: the registry, the loaders and the planted problems of the churn
table."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pandas as pd
import pytest
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import (
    SAMPLES,
    SampleDataset,
    list_samples,
    load_sample,
    make_churn_dataset,
    sample_csv_bytes,
    sample_file_name,
)
from core.errors import ModelPathError

ALL_SAMPLES = list_samples()
SAMPLE_IDS = [s.key for s in ALL_SAMPLES]
TASKS = {"binary", "multiclass", "regression"}


@pytest.fixture(scope="module")
def churn() -> pd.DataFrame:
    return make_churn_dataset()


# ------------------------------------------------------------------------------------------
# Registry
# ------------------------------------------------------------------------------------------


def test_registry_is_read_only_and_ordered() -> None:
    assert tuple(SAMPLES) == tuple(SAMPLE_IDS)
    assert {"iris", "wine", "breast_cancer", "diabetes", "penguins", "churn"} <= set(SAMPLES)
    with pytest.raises(TypeError):
        SAMPLES["new"] = ALL_SAMPLES[0]  # type: ignore[index]


def test_sample_dataset_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ALL_SAMPLES[0].key = "other"  # type: ignore[misc]


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=SAMPLE_IDS)
def test_metadata_is_complete(sample: SampleDataset) -> None:
    assert SAMPLES[sample.key] is sample
    assert sample.title.strip()
    assert sample.source.strip()
    assert sample.task in TASKS
    sentences = [s for s in sample.story.split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 4
    assert sample.lessons
    assert all(isinstance(lesson, str) and lesson.strip() for lesson in sample.lessons)


# ------------------------------------------------------------------------------------------
# Every sample
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=SAMPLE_IDS)
def test_loads_with_target_and_consistent_task(sample: SampleDataset) -> None:
    frame = load_sample(sample.key)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0
    assert frame.shape[1] > 1
    assert all(isinstance(c, str) for c in frame.columns)
    assert sample.suggested_target in frame.columns
    target = frame[sample.suggested_target].dropna()
    n_classes = target.nunique()
    if sample.task == "binary":
        assert n_classes == 2
    elif sample.task == "multiclass":
        assert 3 <= n_classes <= 20
    else:
        assert pd.api.types.is_numeric_dtype(target)
        assert n_classes > 20


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=SAMPLE_IDS)
def test_load_returns_a_fresh_copy(sample: SampleDataset) -> None:
    first = load_sample(sample.key)
    pristine = load_sample(sample.key)
    assert first is not pristine
    first.iloc[0, 0] = None
    del first[first.columns[-1]]
    again = load_sample(sample.key)
    pd.testing.assert_frame_equal(again, pristine)


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=SAMPLE_IDS)
def test_csv_bytes_round_trip(sample: SampleDataset) -> None:
    data = sample_csv_bytes(sample.key)
    assert isinstance(data, bytes)
    data.decode("utf-8")
    frame = load_sample(sample.key)
    back = pd.read_csv(io.BytesIO(data))
    assert back.shape == frame.shape
    assert list(back.columns) == list(frame.columns)


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=SAMPLE_IDS)
def test_file_name(sample: SampleDataset) -> None:
    assert sample_file_name(sample.key) == f"{sample.key}.csv"


def test_readable_target_labels() -> None:
    assert set(load_sample("iris")["species"]) == {"setosa", "versicolor", "virginica"}
    assert set(load_sample("wine")["cultivar"]) == {"class_0", "class_1", "class_2"}
    assert set(load_sample("breast_cancer")["diagnosis"]) == {"malignant", "benign"}
    assert "disease_progression" in load_sample("diabetes").columns
    penguins = load_sample("penguins")
    assert set(penguins["species"]) == {"Adelie", "Chinstrap", "Gentoo"}
    assert penguins.isna().any().any()


@pytest.mark.parametrize("call", [load_sample, sample_file_name, sample_csv_bytes])
def test_unknown_key_lists_valid_keys(call) -> None:
    with pytest.raises(ModelPathError) as info:
        call("titanic")
    message = str(info.value)
    assert "titanic" in message
    for key in SAMPLES:
        assert key in message


# ------------------------------------------------------------------------------------------
# The churn table
# ------------------------------------------------------------------------------------------


def test_churn_is_deterministic_per_seed() -> None:
    pd.testing.assert_frame_equal(make_churn_dataset(seed=3), make_churn_dataset(seed=3))
    assert not make_churn_dataset(seed=3).equals(make_churn_dataset(seed=4))


def test_churn_size_and_columns(churn: pd.DataFrame) -> None:
    assert churn.shape == (2000, 15)
    assert len(make_churn_dataset(300, seed=1)) == 300
    expected = {
        "customer_id",
        "signup_date",
        "age",
        "region",
        "plan",
        "payment_method",
        "paperless_billing",
        "tenure_months",
        "monthly_charges",
        "total_data_gb",
        "support_calls",
        "satisfaction_score",
        "last_support_note",
        "cancellation_reason",
        "churned",
    }
    assert set(churn.columns) == expected


@pytest.mark.parametrize("n_rows", [0, 10, 10_000_000])
def test_churn_rejects_unsupported_sizes(n_rows: int) -> None:
    with pytest.raises(ValueError, match="n_rows"):
        make_churn_dataset(n_rows)


def test_churn_identifier_is_unique_per_customer(churn: pd.DataFrame) -> None:
    distinct = churn.drop_duplicates()
    assert distinct["customer_id"].is_unique
    assert distinct["customer_id"].str.fullmatch(r"C\d{6}").all()


def test_churn_has_a_few_exact_duplicates(churn: pd.DataFrame) -> None:
    share = churn.duplicated().mean()
    assert 0.005 <= share <= 0.02


def test_churn_dates_are_iso_text(churn: pd.DataFrame) -> None:
    assert not pd.api.types.is_datetime64_any_dtype(churn["signup_date"])
    dates = pd.to_datetime(churn["signup_date"], format="%Y-%m-%d")
    assert dates.notna().all()
    assert dates.max() <= pd.Timestamp("2024-12-31")


@pytest.mark.parametrize(
    ("column", "low", "high"),
    [
        ("monthly_charges", 0.01, 0.06),
        ("age", 0.05, 0.12),
        ("satisfaction_score", 0.20, 0.30),
        ("payment_method", 0.02, 0.10),
        ("last_support_note", 0.05, 0.50),
    ],
)
def test_churn_missing_shares(churn: pd.DataFrame, column: str, low: float, high: float) -> None:
    assert low <= churn[column].isna().mean() <= high


def test_churn_complete_columns(churn: pd.DataFrame) -> None:
    complete = ["customer_id", "signup_date", "plan", "region", "tenure_months", "churned"]
    assert churn[complete].notna().all().all()


def test_churn_outliers(churn: pd.DataFrame) -> None:
    assert (churn["monthly_charges"] >= 9999).sum() >= 2
    assert (churn["age"] < 0).sum() >= 1
    assert (churn["age"] > 120).sum() >= 1
    typical = churn["monthly_charges"].median()
    assert 20 < typical < 150
    scores = churn["satisfaction_score"].dropna()
    assert scores.between(1, 10).all()


def test_churn_inconsistent_spellings(churn: pd.DataFrame) -> None:
    plans = set(churn["plan"])
    assert {"Basic", "basic", " Basic ", "BASIC", "Premium", "premium ", "Standard", "Std"} <= plans
    canonical_plans = churn["plan"].str.strip().str.lower().replace({"std": "standard"})
    assert set(canonical_plans) == {"basic", "standard", "premium"}
    regions = churn["region"]
    assert regions.nunique() > 4
    canonical_regions = regions.str.strip().str.lower().str[0]
    assert set(canonical_regions) == {"n", "s", "e", "w"}


def test_churn_skewed_numeric(churn: pd.DataFrame) -> None:
    data = churn["total_data_gb"]
    assert (data > 0).all()
    assert data.skew() > 2
    assert data.mean() > 1.5 * data.median()


def test_churn_free_text(churn: pd.DataFrame) -> None:
    notes = churn["last_support_note"].dropna()
    words = notes.str.split().str.len()
    assert words.between(5, 15).all()
    assert notes.nunique() > 20


def test_churn_boolean_as_text(churn: pd.DataFrame) -> None:
    assert set(churn["paperless_billing"]) == {"yes", "no"}


def test_churn_target_is_imbalanced(churn: pd.DataFrame) -> None:
    assert set(churn["churned"]) == {"yes", "no"}
    assert 0.15 <= (churn["churned"] == "yes").mean() <= 0.20


def test_churn_leak_column_separates_target_perfectly(churn: pd.DataFrame) -> None:
    reason = churn["cancellation_reason"]
    flagged = reason.isin(["price", "moved", "service", "competitor"])
    assert (flagged == (churn["churned"] == "yes")).all()
    assert set(reason[~flagged].dropna()) == {"none"}
    assert reason[~flagged].isna().any()


def _honest_features(frame: pd.DataFrame) -> pd.DataFrame:
    plan = frame["plan"].str.strip().str.lower().replace({"std": "standard"})
    charges = frame["monthly_charges"]
    return pd.DataFrame(
        {
            "tenure_months": frame["tenure_months"],
            "monthly_charges": charges.where(charges < 1000),
            "satisfaction_score": frame["satisfaction_score"],
            "support_calls": frame["support_calls"],
            "basic_plan": (plan == "basic").astype(float),
            "premium_plan": (plan == "premium").astype(float),
        }
    )


def test_churn_has_honest_signal_without_the_leak(churn: pd.DataFrame) -> None:
    distinct = churn.drop_duplicates()
    features = _honest_features(distinct)
    assert "cancellation_reason" not in features.columns
    target = (distinct["churned"] == "yes").to_numpy()
    model = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression())
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = cross_val_score(model, features, target, cv=folds, scoring="roc_auc")
    assert np.mean(scores) > 0.7
