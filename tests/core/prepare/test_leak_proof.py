"""Leakage proofs for core.prepare.pipeline: every learned step sees training rows only.

Each test is written so that it would fail if the pipeline leaked — a statistic learned on
validation or test rows, a row removed from what is scored, resampling outside the training
fold — and, where it is cheap, the leaky way is run next to it to show that the test can tell.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_selection import SelectKBest, f_classif, mutual_info_classif
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import (
    KFold,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import prepare_table
from core.prepare import FeatureColumns, build_pipeline, training_data
from core.recipe import CleaningSection, FeaturesSection, ProblemSection, Recipe, SplitSection

SEED = 7

# Row labels each spy saw, keyed by the spy's tag. Module-level because clone() deep-copies
# parameters: a list passed as a parameter would be a different list in every fitted clone.
FITTED_ROWS: dict[str, list[pd.Index]] = {}
TRANSFORMED_ROWS: dict[str, list[pd.Index]] = {}


class RowSpy(TransformerMixin, BaseEstimator):
    """A pass-through step that records which rows it is fitted on and asked to transform.

    DataFrames are recorded by their index labels, arrays by row positions (so ``len`` is the
    row count either way). ``fit_transform`` records a fit only, so every recorded transform
    is a predict-time call (validation or test rows).
    """

    def __init__(self, tag: str = "spy") -> None:
        self.tag = tag

    def fit(self, X, y=None) -> RowSpy:
        FITTED_ROWS.setdefault(self.tag, []).append(_row_labels(X))
        return self

    def fit_transform(self, X, y=None, **fit_params):
        self.fit(X, y)
        return X

    def transform(self, X):
        TRANSFORMED_ROWS.setdefault(self.tag, []).append(_row_labels(X))
        return X


def _row_labels(X) -> pd.Index:
    return X.index.copy() if isinstance(X, pd.DataFrame) else pd.RangeIndex(X.shape[0])


@pytest.fixture(autouse=True)
def _forget_spied_rows():
    FITTED_ROWS.clear()
    TRANSFORMED_ROWS.clear()
    yield
    FITTED_ROWS.clear()
    TRANSFORMED_ROWS.clear()


def _recipe(
    *, cleaning: CleaningSection | None = None, features: FeaturesSection | None = None
) -> Recipe:
    return Recipe(
        cleaning=cleaning or CleaningSection(),
        features=features or FeaturesSection(),
        split=SplitSection(seed=SEED),
    )


def _numeric_frame(n_rows: int, n_features: int, seed: int) -> pd.DataFrame:
    """Standard-normal noise with string row labels, so recorded labels are unambiguous."""
    rng = np.random.RandomState(seed)
    return pd.DataFrame(
        rng.normal(size=(n_rows, n_features)),
        columns=[f"x{j}" for j in range(n_features)],
        index=[f"row{i}" for i in range(n_rows)],
    )


def _with_outliers(X: pd.DataFrame, every: int) -> pd.DataFrame:
    """Every ``every``-th row gets a value far outside any IQR fence."""
    planted = X.copy()
    planted.iloc[::every, 0] = 1_000.0
    return planted


def _folds(cv, X, y=None) -> list[tuple[pd.Index, pd.Index]]:
    return [(X.index[train], X.index[test]) for train, test in cv.split(X, y)]


def _insert_after(pipe, step: str, spy: RowSpy) -> None:
    names = [name for name, _ in pipe.steps]
    pipe.steps.insert(names.index(step) + 1, ("spy", spy))


# ---------------------------------------------------------------------------------------------
# (a) Feature selection inside cross-validation
# ---------------------------------------------------------------------------------------------


def _noise_problem() -> tuple[pd.DataFrame, pd.Series]:
    """1,000 noise features and a random binary target: nothing to learn."""
    X = _numeric_frame(120, 1_000, seed=SEED)
    y = pd.Series(np.random.RandomState(SEED + 1).randint(0, 2, len(X)), index=X.index)
    return X, y


def test_f_test_selection_inside_cv_scores_chance_on_noise() -> None:
    X, y = _noise_problem()
    recipe = _recipe(features=FeaturesSection(selection="f_test", selection_k=20))
    pipe = build_pipeline(
        recipe,
        FeatureColumns(numeric=tuple(X.columns)),
        task="binary",
        model=LogisticRegression(),
    )
    cv = StratifiedKFold(5, shuffle=True, random_state=SEED)
    assert cross_val_score(pipe, X, y, cv=cv).mean() < 0.65


def test_f_test_selection_on_all_rows_before_cv_scores_far_above_chance() -> None:
    # The contrast: the leaky way (select on every row, then cross-validate) "finds" signal in
    # pure noise, so the chance-level score above proves selection ran inside the folds.
    X, y = _noise_problem()
    selected = SelectKBest(f_classif, k=20).fit_transform(X, y)
    cv = StratifiedKFold(5, shuffle=True, random_state=SEED)
    leaky = make_pipeline(StandardScaler(), LogisticRegression())
    assert cross_val_score(leaky, selected, y, cv=cv).mean() > 0.75


@pytest.mark.parametrize(
    ("selection", "scorer"),
    [
        ("f_test", lambda X, y: f_classif(X, y)[0]),
        ("mutual_info", partial(mutual_info_classif, random_state=SEED)),
    ],
    ids=["f_test", "mutual_info"],
)
def test_selection_scores_come_from_training_fold_only(selection, scorer) -> None:
    # mutual_info's noisy estimates make a CV-score contrast unreliable on noise, so this
    # checks the scores themselves: each fold's selector scored exactly its training rows.
    X = _numeric_frame(60, 40, seed=SEED)
    y = pd.Series(np.random.RandomState(SEED + 2).randint(0, 2, len(X)), index=X.index)
    recipe = _recipe(features=FeaturesSection(selection=selection, selection_k=5))
    pipe = build_pipeline(
        recipe,
        FeatureColumns(numeric=tuple(X.columns)),
        task="binary",
        model=LogisticRegression(),
    )
    result = cross_validate(
        pipe,
        X,
        y,
        cv=KFold(3, shuffle=True, random_state=0),
        return_estimator=True,
        return_indices=True,
    )
    all_rows = clone(pipe)[:-1].fit(X, y)
    all_rows_scores = all_rows.named_steps["select"].scores_
    for fitted, train in zip(result["estimator"], result["indices"]["train"], strict=True):
        prepared = fitted.named_steps["prep"].transform(X.iloc[train])
        expected = scorer(prepared, y.iloc[train])
        np.testing.assert_allclose(fitted.named_steps["select"].scores_, expected)
        assert not np.allclose(fitted.named_steps["select"].scores_, all_rows_scores)


# ---------------------------------------------------------------------------------------------
# (b) Which rows each step is fitted on
# ---------------------------------------------------------------------------------------------


def _regression_problem(n_rows: int = 50) -> tuple[pd.DataFrame, pd.Series]:
    X = _numeric_frame(n_rows, 3, seed=SEED)
    rng = np.random.RandomState(SEED + 3)
    X["colour"] = pd.array(rng.choice(["red", "blue", "green"], n_rows), dtype="str")
    y = X["x0"] * 2.0 + pd.Series(rng.normal(size=n_rows), index=X.index)
    return X, y


def _regression_pipeline(cleaning: CleaningSection | None = None):
    return build_pipeline(
        _recipe(cleaning=cleaning),
        FeatureColumns(numeric=("x0", "x1", "x2"), categorical=("colour",)),
        task="regression",
        model=LinearRegression(),
    )


def test_first_step_is_fitted_on_exactly_each_training_fold() -> None:
    X, y = _regression_problem()
    pipe = _regression_pipeline()
    pipe.steps.insert(0, ("spy", RowSpy(tag="first")))
    cv = KFold(5, shuffle=True, random_state=0)
    cross_validate(pipe, X, y, cv=cv, return_estimator=False)

    folds = _folds(cv, X)
    assert len(FITTED_ROWS["first"]) == len(folds)
    for fitted, (train, validation) in zip(FITTED_ROWS["first"], folds, strict=True):
        assert set(fitted) == set(train)
        assert set(fitted).isdisjoint(validation)


def test_first_step_transforms_exactly_each_validation_fold() -> None:
    X, y = _regression_problem()
    pipe = _regression_pipeline()
    pipe.steps.insert(0, ("spy", RowSpy(tag="first_transform")))
    cv = KFold(5, shuffle=True, random_state=0)
    cross_validate(pipe, X, y, cv=cv, return_estimator=False)

    validation_folds = [validation for _, validation in _folds(cv, X)]
    assert [set(rows) for rows in TRANSFORMED_ROWS["first_transform"]] == [
        set(rows) for rows in validation_folds
    ]


def test_step_after_outlier_rows_is_fitted_on_part_of_each_training_fold() -> None:
    X, y = _regression_problem()
    X = _with_outliers(X, every=5)
    pipe = _regression_pipeline(CleaningSection(outliers="drop_train_rows"))
    _insert_after(pipe, "outlier_rows", RowSpy(tag="after_outliers"))
    cv = KFold(5, shuffle=True, random_state=0)
    cross_validate(pipe, X, y, cv=cv, return_estimator=False)

    folds = _folds(cv, X)
    planted = set(X.index[::5])
    for fitted, (train, _) in zip(FITTED_ROWS["after_outliers"], folds, strict=True):
        assert set(fitted) <= set(train)
        assert set(fitted).isdisjoint(planted)
        assert len(fitted) < len(train)


def test_branch_step_is_fitted_on_exactly_each_training_fold() -> None:
    X, y = _regression_problem()
    pipe = _regression_pipeline()
    numeric_branch = pipe.named_steps["prep"].transformers[0][1]
    numeric_branch.steps.insert(0, ("spy", RowSpy(tag="branch")))
    cv = KFold(5, shuffle=True, random_state=0)
    cross_validate(pipe, X, y, cv=cv, return_estimator=False)

    folds = _folds(cv, X)
    for fitted, (train, _) in zip(FITTED_ROWS["branch"], folds, strict=True):
        assert set(fitted) == set(train)


# ---------------------------------------------------------------------------------------------
# (c) Learned statistics come from X_train
# ---------------------------------------------------------------------------------------------


def _train_test_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Train and test rows that disagree on every statistic the pipeline learns.

    Training income is centred on 50 (two planted outliers, four missing); test income on 90.
    Training cities: Oslo 20, Rome 16, Lima 2, missing 2 — Lima is rare (5%). Test cities:
    Lima 25 and Paris 5 — so over all rows Lima is frequent and the most common city, and
    Paris exists only in the test rows.
    """
    rng = np.random.RandomState(SEED)
    income_train = rng.normal(50.0, 5.0, 40)
    income_train[[3, 17]] = [400.0, 500.0]
    income_train[[5, 11, 23, 31]] = np.nan
    cities_train = ["Oslo"] * 20 + ["Rome"] * 16 + ["Lima"] * 2 + [None] * 2
    X_train = pd.DataFrame(
        {
            "income": income_train,
            "city": pd.array(rng.permutation(np.array(cities_train, dtype=object)), dtype="str"),
        },
        index=range(40),
    )
    X_test = pd.DataFrame(
        {
            "income": rng.normal(90.0, 5.0, 30),
            "city": pd.array(["Lima"] * 25 + ["Paris"] * 5, dtype="str"),
        },
        index=range(40, 70),
    )
    y_train = pd.Series(rng.choice([0, 1], 40, p=[0.7, 0.3]), index=X_train.index)
    y_test = pd.Series(np.ones(30, dtype=int), index=X_test.index)
    return X_train, X_test, y_train, y_test


@pytest.fixture(scope="module")
def statistics_case():
    X_train, X_test, y_train, _ = _train_test_frames()
    recipe = _recipe(
        cleaning=CleaningSection(
            numeric_imputation="median", outliers="clip_iqr", rare_category_share=0.1
        ),
        features=FeaturesSection(scaling="standard", encoding="onehot"),
    )
    pipe = build_pipeline(
        recipe, FeatureColumns(numeric=("income",), categorical=("city",)), task="binary"
    )
    pipe.fit(X_train, y_train)
    return pipe, X_train, X_test


def _numeric_branch(pipe):
    return pipe.named_steps["prep"].named_transformers_["numeric"].named_steps


def _categorical_branch(pipe):
    return pipe.named_steps["prep"].named_transformers_["categorical"].named_steps


def _imputed_clipped_train_income(X_train: pd.DataFrame) -> tuple[np.ndarray, float, float]:
    # The pipeline clips first (fences from the real training values, gaps ignored), then
    # fills the gaps with the median of the clipped training values.
    raw = X_train["income"].to_numpy(dtype=float)
    q1, q3 = np.nanquantile(raw, [0.25, 0.75])
    lower, upper = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    clipped = np.clip(raw, lower, upper)
    return np.where(np.isnan(clipped), np.nanmedian(clipped), clipped), lower, upper


def test_numeric_imputer_median_comes_from_training_rows(statistics_case) -> None:
    pipe, X_train, X_test = statistics_case
    learned = _numeric_branch(pipe)["impute"].statistics_
    np.testing.assert_allclose(learned, [X_train["income"].median()])
    all_rows_median = pd.concat([X_train, X_test])["income"].median()
    assert not np.isclose(learned[0], all_rows_median)


def test_outlier_clipper_bounds_come_from_training_rows(statistics_case) -> None:
    pipe, X_train, _ = statistics_case
    clipper = _numeric_branch(pipe)["clip"]
    _, lower, upper = _imputed_clipped_train_income(X_train)
    np.testing.assert_allclose([clipper.lower_[0], clipper.upper_[0]], [lower, upper])
    # Test incomes (around 90) lie above the training fence, so fences learned with them
    # included would have been wider.
    assert upper < 90.0


def test_scaler_mean_is_mean_of_imputed_clipped_training_values(statistics_case) -> None:
    pipe, X_train, _ = statistics_case
    scaler = _numeric_branch(pipe)["scale"]
    clipped, _, _ = _imputed_clipped_train_income(X_train)
    np.testing.assert_allclose(scaler.mean_, [clipped.mean()])
    np.testing.assert_allclose(scaler.scale_, [clipped.std()])


def test_categorical_imputer_mode_comes_from_training_rows(statistics_case) -> None:
    pipe, X_train, X_test = statistics_case
    assert _categorical_branch(pipe)["impute"].statistics_.tolist() == ["Oslo"]
    assert pd.concat([X_train, X_test])["city"].mode().tolist() == ["Lima"]


def test_rare_grouper_frequent_categories_come_from_training_rows(statistics_case) -> None:
    pipe, _, _ = statistics_case
    grouper = _categorical_branch(pipe)["rare"]
    # Lima is 5% of training rows (rare) but 39% of all rows (frequent).
    assert grouper.frequent_categories_[0].tolist() == ["Oslo", "Rome"]
    assert grouper.rare_categories_[0].tolist() == ["Lima"]


def test_onehot_categories_come_from_training_rows(statistics_case) -> None:
    pipe, _, X_test = statistics_case
    categories = _categorical_branch(pipe)["encode"].categories_[0].tolist()
    assert categories == ["Oslo", "Rome", "other"]
    assert "Paris" not in categories
    # Paris, unseen in training, is still encoded — as "other" — without refitting.
    encoded = pd.DataFrame(
        pipe.transform(X_test), columns=pipe.get_feature_names_out(), index=X_test.index
    )
    assert (encoded.loc[X_test["city"] == "Paris", "categorical__city_other"] == 1.0).all()


def test_date_reference_comes_from_training_rows() -> None:
    # Test rows hold an earlier date than any training row; days_since counts from the
    # earliest *training* date, so that test row comes out negative rather than zero.
    X_train = pd.DataFrame({"sold": pd.date_range("2024-01-01", periods=10, freq="D")})
    X_test = pd.DataFrame({"sold": pd.to_datetime(["2020-01-01", "2024-01-03"])}, index=[10, 11])
    recipe = _recipe(features=FeaturesSection(scaling="none", date_parts=("days_since",)))
    pipe = build_pipeline(recipe, FeatureColumns(datetime=("sold",)), task="regression")
    pipe.fit(X_train, pd.Series(np.arange(10.0)))

    dates = pipe.named_steps["prep"].named_transformers_["dates"].named_steps["parts"]
    assert dates.reference_[0] == pd.Timestamp("2024-01-01")
    np.testing.assert_allclose(pipe.transform(X_test)[:, 0], [-1461.0, 2.0])


def test_missing_share_dropper_decides_on_training_rows() -> None:
    # "sparse" is 80% missing in training rows and complete in test rows.
    X_train = pd.DataFrame(
        {"full": np.arange(10.0), "sparse": [1.0, 2.0] + [np.nan] * 8}, index=range(10)
    )
    X_test = pd.DataFrame({"full": [1.0, 2.0], "sparse": [3.0, 4.0]}, index=[10, 11])
    recipe = _recipe(cleaning=CleaningSection(max_missing_share=0.5))
    pipe = build_pipeline(recipe, FeatureColumns(numeric=("full", "sparse")), task="regression")
    pipe.fit(X_train, pd.Series(np.arange(10.0)))

    assert pipe.named_steps["drop_missing"].dropped_features_.tolist() == ["sparse"]
    assert pipe.get_feature_names_out().tolist() == ["numeric__full"]
    assert pipe.transform(X_test).shape == (2, 1)


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
def test_target_encoder_priors_and_categories_come_from_training_rows(task: str) -> None:
    X_train, _, y_train, _ = _train_test_frames()
    rng = np.random.RandomState(SEED + 4)
    y_train = {
        "binary": y_train,
        "multiclass": pd.Series(rng.choice([0, 1, 2], 40, p=[0.5, 0.3, 0.2]), X_train.index),
        "regression": pd.Series(rng.normal(10.0, 1.0, 40), X_train.index),
    }[task]
    recipe = _recipe(features=FeaturesSection(encoding="target", scaling="none"))
    pipe = build_pipeline(recipe, FeatureColumns(categorical=("city",)), task=task)
    pipe.fit(X_train, y_train)

    encoder = _categorical_branch(pipe)["encode"]
    expected_prior = (
        y_train.value_counts(normalize=True).sort_index().to_numpy()
        if task == "multiclass"
        else y_train.mean()
    )
    np.testing.assert_allclose(encoder.target_mean_, expected_prior)
    assert encoder.categories_[0].tolist() == ["Lima", "Oslo", "Rome"]


def test_target_encoder_cross_fits_training_rows() -> None:
    # A code unique to each row, with a random target: encoding a row by a model that saw
    # its own target copies the target into the feature; cross-fitting must not.
    n_rows = 100
    rng = np.random.RandomState(SEED)
    X = pd.DataFrame({"code": pd.array([f"c{i}" for i in range(n_rows)], dtype="str")})
    y = pd.Series(rng.normal(size=n_rows))
    recipe = _recipe(features=FeaturesSection(encoding="target", scaling="none"))
    pipe = build_pipeline(recipe, FeatureColumns(categorical=("code",)), task="regression")

    cross_fitted = pipe.fit_transform(X, y)[:, 0]
    self_fitted = pipe.transform(X)[:, 0]  # the leaky way: encoded by a model that saw them
    assert abs(np.corrcoef(cross_fitted, y)[0, 1]) < 0.3
    assert np.corrcoef(self_fitted, y)[0, 1] > 0.9


# ---------------------------------------------------------------------------------------------
# (d) Outlier-row removal touches training rows only
# ---------------------------------------------------------------------------------------------


def _outlier_training_data():
    """Through prepare_table and training_data, with outliers planted in every 6th row."""
    rng = np.random.RandomState(SEED)
    n_rows = 90
    raw = pd.DataFrame(
        {
            "size": rng.normal(100.0, 10.0, n_rows).round(2),
            "rooms": rng.normal(4.0, 1.0, n_rows).round(2),
            "sold": rng.choice(["yes", "no"], n_rows),
        }
    )
    raw.loc[::6, "size"] = 10_000.0
    recipe = Recipe(
        problem=ProblemSection(target="sold", task="binary"),
        cleaning=CleaningSection(outliers="drop_train_rows"),
        split=SplitSection(seed=SEED, test_size=0.3),
    )
    data = training_data(prepare_table(raw, recipe.data, target="sold"), recipe)
    pipe = build_pipeline(recipe, data.columns, task=data.task, model=LogisticRegression())
    return data, pipe


def test_outlier_rows_fit_then_predict_gives_one_prediction_per_test_row() -> None:
    data, pipe = _outlier_training_data()
    assert (data.X_test["size"] > 1_000).any()  # outliers planted in the test rows too

    pipe.fit(data.X_train, data.y_train)
    assert pipe.named_steps["outlier_rows"].n_removed_ == (data.X_train["size"] > 1_000).sum()
    assert len(pipe.predict(data.X_test)) == len(data.X_test)


def test_outlier_rows_cross_val_predict_gives_one_prediction_per_row() -> None:
    data, pipe = _outlier_training_data()
    cv = StratifiedKFold(3, shuffle=True, random_state=SEED)
    predictions = cross_val_predict(pipe, data.X_train, data.y_train, cv=cv)
    assert len(predictions) == len(data.X_train)


def test_outlier_rows_every_validation_row_reaches_prediction() -> None:
    data, pipe = _outlier_training_data()
    _insert_after(pipe, "outlier_rows", RowSpy(tag="validation"))
    cv = StratifiedKFold(3, shuffle=True, random_state=SEED)
    cross_validate(pipe, data.X_train, data.y_train, cv=cv, return_estimator=False)

    folds = _folds(cv, data.X_train, data.y_train)
    seen = TRANSFORMED_ROWS["validation"]
    assert [set(rows) for rows in seen] == [set(validation) for _, validation in folds]
    # ...while fitting saw fewer rows than each training fold: the filter was active.
    for fitted, (train, _) in zip(FITTED_ROWS["validation"], folds, strict=True):
        assert len(fitted) < len(train)


# ---------------------------------------------------------------------------------------------
# Resampling stays inside training folds
# ---------------------------------------------------------------------------------------------


def _imbalanced_problem() -> tuple[pd.DataFrame, pd.Series]:
    X = _numeric_frame(80, 3, seed=SEED)
    y = pd.Series([1] * 16 + [0] * 64, index=X.index)
    X.loc[y == 1, "x0"] += 2.0
    return X, y


@pytest.mark.parametrize(
    ("imbalance", "balanced_rows"),
    [
        ("oversample", lambda counts: 2 * counts.max()),
        ("smote", lambda counts: 2 * counts.max()),
        ("undersample", lambda counts: 2 * counts.min()),
    ],
    ids=["oversample", "smote", "undersample"],
)
def test_resampling_changes_training_rows_only(imbalance: str, balanced_rows) -> None:
    X, y = _imbalanced_problem()
    recipe = _recipe(features=FeaturesSection(imbalance=imbalance))
    pipe = build_pipeline(
        recipe, FeatureColumns(numeric=tuple(X.columns)), task="binary", model=LogisticRegression()
    )
    _insert_after(pipe, "resample", RowSpy(tag=imbalance))
    cv = StratifiedKFold(4, shuffle=True, random_state=SEED)
    cross_validate(pipe, X, y, cv=cv, return_estimator=False)

    folds = _folds(cv, X, y)
    fitted_counts = [len(rows) for rows in FITTED_ROWS[imbalance]]
    expected = [balanced_rows(y.loc[train].value_counts()) for train, _ in folds]
    assert fitted_counts == expected
    assert fitted_counts != [len(train) for train, _ in folds]
    transformed_counts = [len(rows) for rows in TRANSFORMED_ROWS[imbalance]]
    assert transformed_counts == [len(validation) for _, validation in folds]
