"""Tests for core.prepare.pipeline: which columns are features, and what each recipe option
builds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MinMaxScaler, PowerTransformer, RobustScaler, StandardScaler

from core.data import prepare_table
from core.prepare import FeatureColumns, build_pipeline, feature_columns
from core.recipe import CleaningSection, FeaturesSection, ProblemSection, Recipe, SplitSection

SEED = 3


def _recipe(
    *, cleaning: CleaningSection | None = None, features: FeaturesSection | None = None
) -> Recipe:
    return Recipe(
        cleaning=cleaning or CleaningSection(),
        features=features or FeaturesSection(),
        split=SplitSection(seed=SEED),
    )


def _transform(
    X: pd.DataFrame,
    y: pd.Series,
    columns: FeatureColumns,
    *,
    cleaning: CleaningSection | None = None,
    features: FeaturesSection | None = None,
    task: str = "regression",
) -> tuple[object, pd.DataFrame]:
    """Fit a model-less pipeline and return it with its output as a named frame."""
    pipe = build_pipeline(_recipe(cleaning=cleaning, features=features), columns, task=task)
    out = pipe.fit_transform(X, y)
    return pipe, pd.DataFrame(out, columns=pipe.get_feature_names_out(), index=X.index)


def _target(n_rows: int) -> pd.Series:
    return pd.Series(np.arange(n_rows, dtype=float))


def _branch_names(pipe) -> list[str]:
    return [name for name, _, _ in pipe.named_steps["prep"].transformers]


def _step_names(pipe) -> list[str]:
    return [name for name, _ in pipe.steps]


UNSCALED = FeaturesSection(scaling="none")


# ---------------------------------------------------------------------------------------------
# feature_columns
# ---------------------------------------------------------------------------------------------


def _raw_table() -> pd.DataFrame:
    rng = np.random.RandomState(SEED)
    n_rows = 30
    words = ["great", "poor", "slow", "fast", "okay", "value"]
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:03d}" for i in range(n_rows)],
            "plan": ["basic"] * n_rows,
            "age": rng.normal(40.0, 10.0, n_rows).round(1),
            "region": rng.choice(["north", "south", "east"], n_rows),
            "member": rng.choice(["yes", "no"], n_rows),
            "joined": pd.date_range("2023-01-01", periods=n_rows, freq="7D").strftime("%Y-%m-%d"),
            "review": [" ".join(rng.choice(words, 6)) for _ in range(n_rows)],
            "branch": rng.choice(["b1", "b2"], n_rows),
            "churned": rng.choice(["yes", "no"], n_rows),
        }
    )


def _columns_of(features: FeaturesSection | None = None) -> FeatureColumns:
    recipe = Recipe(
        problem=ProblemSection(target="churned", task="binary", exclude_columns=("branch",)),
        features=features or FeaturesSection(),
    )
    table = prepare_table(_raw_table(), recipe.data, target="churned")
    return feature_columns(table, recipe)


@pytest.mark.parametrize(
    ("column", "reason_words"),
    [
        ("customer_id", "identifier"),
        ("plan", "constant"),
        ("churned", "the target"),
        ("branch", "excluded on the Problem page"),
        ("review", "free text, excluded"),
    ],
    ids=["identifier", "constant", "target", "excluded", "text_excluded"],
)
def test_feature_columns_skips_non_features_with_reason(column: str, reason_words: str) -> None:
    columns = _columns_of()
    assert reason_words in columns.skipped[column]
    assert column not in columns.used


def test_feature_columns_groups_features_by_kind() -> None:
    columns = _columns_of()
    assert columns.numeric == ("age",)
    assert columns.boolean == ("member",)
    assert columns.categorical == ("region",)
    assert columns.datetime == ("joined",)
    assert columns.text == ()


def test_feature_columns_uses_text_with_tfidf() -> None:
    columns = _columns_of(FeaturesSection(text="tfidf"))
    assert columns.text == ("review",)
    assert "review" not in columns.skipped


def test_feature_columns_skips_dates_without_date_parts() -> None:
    columns = _columns_of(FeaturesSection(date_parts=()))
    assert "date parts" in columns.skipped["joined"]
    assert columns.datetime == ()


# ---------------------------------------------------------------------------------------------
# Shape: stable names, determinism, addressable parameters
# ---------------------------------------------------------------------------------------------

EVERY_BRANCH_COLUMNS = FeatureColumns(
    numeric=("n", "lg", "pw", "bn", "p1", "p2"),
    boolean=("flag",),
    categorical=("colour", "size"),
    datetime=("when",),
    text=("Review Text",),
)
EVERY_STEP_RECIPE = _recipe(
    cleaning=CleaningSection(
        outliers="drop_train_rows",
        max_missing_share=0.5,
        missing_indicators=True,
        imputation_overrides={"n": "knn"},
    ),
    features=FeaturesSection(
        log_columns=("lg",),
        power_columns=("pw",),
        bin_columns=("bn",),
        poly_columns=("p1", "p2"),
        ordinal_orders={"size": ("s", "m", "l")},
        text="tfidf",
        variance_threshold=0.0,
        selection="mutual_info",
        selection_k=5,
        reduction="pca",
        imbalance="smote",
    ),
)


def _every_step_pipeline():
    return build_pipeline(
        EVERY_STEP_RECIPE, EVERY_BRANCH_COLUMNS, task="binary", model=LogisticRegression()
    )


def test_build_pipeline_default_recipe_has_prep_only() -> None:
    pipe = build_pipeline(Recipe(), FeatureColumns(numeric=("a",)), task="regression")
    assert _step_names(pipe) == ["prep"]


def test_build_pipeline_step_names_follow_documented_order() -> None:
    assert _step_names(_every_step_pipeline()) == [
        "outlier_rows",
        "drop_missing",
        "prep",
        "variance",
        "select",
        "reduce",
        "resample",
        "model",
    ]


def test_build_pipeline_branch_names_follow_documented_names() -> None:
    assert _branch_names(_every_step_pipeline()) == [
        "numeric_knn",
        "log",
        "power",
        "bins",
        "poly",
        "boolean",
        "dates",
        "categorical",
        "ordered_size",
        "text_review_text",
        "missing",
    ]


def test_build_pipeline_same_recipe_and_columns_give_same_pipeline() -> None:
    first, second = _every_step_pipeline(), _every_step_pipeline()
    # The default repr elides the middle of long pipelines; compare all of it.
    assert first.__repr__(N_CHAR_MAX=10**6) == second.__repr__(N_CHAR_MAX=10**6)
    assert first.get_params().keys() == second.get_params().keys()
    assert first is not second


ADDRESSABLE_PARAMS = [
    ("outlier_rows__iqr_factor", 3.0),
    ("drop_missing__max_missing_share", 0.3),
    ("prep__numeric_knn__impute__n_neighbors", 2),
    ("prep__log__impute__strategy", "mean"),
    ("prep__bins__transform__n_bins", 3),
    ("prep__categorical__encode__max_categories", 4),
    ("prep__ordered_size__encode__unknown_value", -2),
    ("prep__dates__parts__parts", ("year",)),
    ("prep__text_review_text__tfidf__max_features", 50),
    ("prep__missing__features", "all"),
    ("variance__threshold", 0.1),
    ("select__k", 3),
    ("reduce__n_components", 0.8),
    ("resample__k_neighbors", 3),
    ("model__C", 0.5),
]


@pytest.mark.parametrize(
    ("param", "value"), ADDRESSABLE_PARAMS, ids=[param for param, _ in ADDRESSABLE_PARAMS]
)
def test_build_pipeline_every_step_param_is_addressable(param: str, value: object) -> None:
    pipe = _every_step_pipeline()
    pipe.set_params(**{param: value})
    assert pipe.get_params()[param] == value


def test_build_pipeline_set_params_changes_what_is_fitted() -> None:
    X = pd.DataFrame({"a": [1.0, 1.0, 2.0, 8.0, np.nan]})
    pipe = build_pipeline(_recipe(features=UNSCALED), FeatureColumns(numeric=("a",)), task=None)
    pipe.set_params(prep__numeric__impute__strategy="mean")
    filled = pipe.fit_transform(X, _target(5))[-1, 0]
    assert filled == pytest.approx(3.0)


# ---------------------------------------------------------------------------------------------
# Cleaning options
# ---------------------------------------------------------------------------------------------


def _imputation_frame() -> pd.DataFrame:
    # "a" is missing in the last row; "b" tracks "a" exactly, and that row's b (9.5) is nearest
    # to the row with a = 10, so knn and iterative fill differently from mean/median/mode.
    return pd.DataFrame(
        {"a": [1.0, 1.0, 2.0, 3.0, 10.0, np.nan], "b": [1.0, 1.0, 2.0, 3.0, 10.0, 9.5]}
    )


@pytest.mark.parametrize(
    ("strategy", "filled"),
    [
        ("mean", 3.4),
        ("median", 2.0),
        ("most_frequent", 1.0),
        ("constant", -7.0),
        ("knn", 10.0),
        ("iterative", 9.5),
    ],
    ids=["mean", "median", "most_frequent", "constant", "knn", "iterative"],
)
def test_numeric_imputation_fills_missing_cell(strategy: str, filled: float) -> None:
    X = _imputation_frame()
    cleaning = CleaningSection(
        numeric_imputation=strategy, numeric_fill_value=-7.0, knn_neighbors=1
    )
    _, out = _transform(
        X, _target(6), FeatureColumns(numeric=("a", "b")), cleaning=cleaning, features=UNSCALED
    )
    assert out.loc[5, "numeric__a"] == pytest.approx(filled, abs=1e-3)
    np.testing.assert_array_equal(out["numeric__a"].iloc[:5], X["a"].iloc[:5])


def test_numeric_imputation_none_leaves_nan() -> None:
    X = _imputation_frame()
    pipe, out = _transform(
        X,
        _target(6),
        FeatureColumns(numeric=("a", "b")),
        cleaning=CleaningSection(numeric_imputation="none"),
        features=UNSCALED,
    )
    assert np.isnan(out.loc[5, "numeric__a"])
    assert pipe.named_steps["prep"].transformers[0][1] == "passthrough"


@pytest.mark.parametrize(
    ("strategy", "filled"),
    [("most_frequent", "u"), ("constant", "unknown")],
    ids=["most_frequent", "constant"],
)
def test_categorical_imputation_fills_missing_category(strategy: str, filled: str) -> None:
    X = pd.DataFrame({"c": pd.array(["u", "u", "v", None], dtype="str")})
    cleaning = CleaningSection(categorical_imputation=strategy, categorical_fill_value="unknown")
    _, out = _transform(X, _target(4), FeatureColumns(categorical=("c",)), cleaning=cleaning)
    assert out.loc[3, f"categorical__c_{filled}"] == 1.0


@pytest.mark.parametrize(
    ("columns", "features", "override", "branch"),
    [
        (FeatureColumns(numeric=("a", "b")), FeaturesSection(), {"b": "knn"}, "numeric_knn"),
        (
            FeatureColumns(numeric=("a", "b")),
            FeaturesSection(log_columns=("b",)),
            {"b": "mean"},
            "log_mean",
        ),
        (FeatureColumns(boolean=("b",)), FeaturesSection(), {"b": "constant"}, "boolean_constant"),
        (
            FeatureColumns(numeric=("a",), categorical=("b",)),
            FeaturesSection(),
            {"b": "constant"},
            "categorical_constant",
        ),
    ],
    ids=["numeric_knn", "log_mean", "boolean_constant", "categorical_constant"],
)
def test_imputation_override_puts_column_in_suffixed_branch(
    columns: FeatureColumns, features: FeaturesSection, override: dict, branch: str
) -> None:
    recipe = _recipe(cleaning=CleaningSection(imputation_overrides=override), features=features)
    prep = build_pipeline(recipe, columns, task="regression").named_steps["prep"]
    selectors = {name: selector.columns for name, _, selector in prep.transformers}
    assert selectors[branch] == ("b",)


def test_imputation_override_uses_its_own_strategy() -> None:
    X = pd.DataFrame({"a": [1.0, 1.0, 4.0, np.nan], "b": [1.0, 1.0, 4.0, np.nan]})
    cleaning = CleaningSection(
        numeric_imputation="median",
        imputation_overrides={"b": "constant"},
        numeric_fill_value=-1.0,
    )
    _, out = _transform(
        X, _target(4), FeatureColumns(numeric=("a", "b")), cleaning=cleaning, features=UNSCALED
    )
    assert out.loc[3, "numeric__a"] == 1.0
    assert out.loc[3, "numeric_constant__b"] == -1.0


def test_missing_indicators_add_zero_one_columns_for_columns_with_missing() -> None:
    X = pd.DataFrame(
        {
            "a": [1.0, np.nan, 3.0, 4.0],
            "full": [1.0, 2.0, 3.0, 4.0],
            "c": pd.array(["u", "v", None, "u"], dtype="str"),
        }
    )
    _, out = _transform(
        X,
        _target(4),
        FeatureColumns(numeric=("a", "full"), categorical=("c",)),
        cleaning=CleaningSection(missing_indicators=True),
    )
    flags = [name for name in out.columns if name.startswith("missing__")]
    assert flags == ["missing__missingindicator_a", "missing__missingindicator_c"]
    assert out[flags].to_numpy().tolist() == [[0, 0], [1, 0], [0, 1], [0, 0]]


def test_max_missing_share_drops_mostly_missing_column() -> None:
    X = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0], "gone": [np.nan, np.nan, np.nan, 1.0]})
    _, out = _transform(
        X,
        _target(4),
        FeatureColumns(numeric=("a", "gone")),
        cleaning=CleaningSection(max_missing_share=0.5),
    )
    assert out.columns.tolist() == ["numeric__a"]


def _iqr_fences(values: np.ndarray, factor: float) -> tuple[float, float]:
    q1, q3 = np.quantile(values, [0.25, 0.75])
    return q1 - factor * (q3 - q1), q3 + factor * (q3 - q1)


@pytest.mark.parametrize(
    ("outliers", "bounds"),
    [
        ("clip_iqr", lambda v: _iqr_fences(v, 1.5)),
        ("clip_quantile", lambda v: (np.quantile(v, 0.05), np.quantile(v, 0.95))),
    ],
    ids=["clip_iqr", "clip_quantile"],
)
def test_outlier_clipping_bounds_values(outliers: str, bounds) -> None:
    values = np.arange(20.0)
    values[[0, 19]] = [-1_000.0, 1_000.0]
    cleaning = CleaningSection(outliers=outliers, lower_quantile=0.05, upper_quantile=0.95)
    _, out = _transform(
        pd.DataFrame({"v": values}),
        _target(20),
        FeatureColumns(numeric=("v",)),
        cleaning=cleaning,
        features=UNSCALED,
    )
    lower, upper = bounds(values)
    assert (out["numeric__v"].min(), out["numeric__v"].max()) == pytest.approx((lower, upper))
    np.testing.assert_array_equal(out["numeric__v"].iloc[1:19], values[1:19])


def test_drop_train_rows_adds_row_filter_not_clipper() -> None:
    pipe = build_pipeline(
        _recipe(cleaning=CleaningSection(outliers="drop_train_rows")),
        FeatureColumns(numeric=("v",)),
        task="regression",
    )
    assert _step_names(pipe) == ["outlier_rows", "prep"]
    assert "clip" not in pipe.named_steps["prep"].transformers[0][1].named_steps


def test_rare_category_share_groups_rare_levels_into_other() -> None:
    X = pd.DataFrame({"c": pd.array(["a"] * 10 + ["b"] * 8 + ["y", "z"], dtype="str")})
    _, out = _transform(
        X,
        _target(20),
        FeatureColumns(categorical=("c",)),
        cleaning=CleaningSection(rare_category_share=0.1),
    )
    assert out.columns.tolist() == ["categorical__c_a", "categorical__c_b", "categorical__c_other"]
    assert out["categorical__c_other"].tolist() == [0.0] * 18 + [1.0, 1.0]


# ---------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------


def _levels_frame() -> pd.DataFrame:
    # Eight levels with counts 4, 3, 3, 2, 2, 1, 1, 1.
    return pd.DataFrame({"c": pd.array(list("aaaabbbcccddeefgh"), dtype="str")})


def test_onehot_encoding_makes_one_column_per_level() -> None:
    X = _levels_frame()
    _, out = _transform(X, _target(len(X)), FeatureColumns(categorical=("c",)))
    assert out.columns.tolist() == [f"categorical__c_{level}" for level in "abcdefgh"]
    assert (out.sum(axis=1) == 1.0).all()


def test_onehot_encoding_caps_columns_at_max_levels() -> None:
    X = _levels_frame()
    _, out = _transform(
        X,
        _target(len(X)),
        FeatureColumns(categorical=("c",)),
        features=FeaturesSection(max_onehot_levels=3),
    )
    assert out.shape[1] == 3
    assert "categorical__c_a" in out.columns


def test_ordinal_encoding_makes_one_column_of_codes() -> None:
    X = _levels_frame()
    _, out = _transform(
        X,
        _target(len(X)),
        FeatureColumns(categorical=("c",)),
        features=FeaturesSection(encoding="ordinal"),
    )
    assert out.columns.tolist() == ["categorical__c"]
    assert sorted(out["categorical__c"].unique()) == list(range(8))


@pytest.mark.parametrize(
    ("task", "classes", "names"),
    [
        ("binary", 2, ["categorical__c"]),
        ("regression", None, ["categorical__c"]),
        ("multiclass", 3, ["categorical__c_0", "categorical__c_1", "categorical__c_2"]),
    ],
    ids=["binary", "regression", "multiclass"],
)
def test_target_encoding_columns_per_task(task: str, classes: int | None, names: list) -> None:
    X = _levels_frame()
    y = _target(len(X)) if classes is None else pd.Series(np.arange(len(X)) % classes)
    _, out = _transform(
        X,
        y,
        FeatureColumns(categorical=("c",)),
        features=FeaturesSection(encoding="target"),
        task=task,
    )
    assert out.columns.tolist() == names


@pytest.mark.parametrize("encoding", ["onehot", "ordinal", "target"])
def test_ordinal_orders_encode_in_given_order_whatever_the_encoding(encoding: str) -> None:
    X = pd.DataFrame({"size": pd.array(["high", "low", "medium", "low"], dtype="str")})
    features = FeaturesSection(
        encoding=encoding, ordinal_orders={"size": ("low", "medium", "high")}
    )
    _, out = _transform(X, _target(4), FeatureColumns(categorical=("size",)), features=features)
    assert out.columns.tolist() == ["ordered_size__size"]
    assert out["ordered_size__size"].tolist() == [2.0, 0.0, 1.0, 0.0]


# ---------------------------------------------------------------------------------------------
# Numeric transforms, dates, text
# ---------------------------------------------------------------------------------------------


def test_date_parts_make_named_features_with_right_values() -> None:
    X = pd.DataFrame(
        {"sold": pd.to_datetime(["2024-03-15 14:30", "2024-03-10 00:00", "2023-12-31 23:00"])}
    )
    parts = ("year", "month", "day", "weekday", "hour", "days_since")
    _, out = _transform(
        X,
        _target(3),
        FeatureColumns(datetime=("sold",)),
        features=FeaturesSection(scaling="none", date_parts=parts),
    )
    assert out.columns.tolist() == [f"dates__sold_{part}" for part in parts]
    # 2024-03-15 was a Friday (4); days since the earliest date, 2023-12-31 23:00.
    expected_first_row = [2024, 3, 15, 4, 14, 74 + 15.5 / 24]
    np.testing.assert_allclose(out.iloc[0], expected_first_row)
    assert out["dates__sold_days_since"].min() == 0.0


def _two_dates() -> pd.DataFrame:
    """Orders and deliveries in one year, with times of day."""
    ordered = pd.to_datetime(["2024-03-15 09:00", "2024-03-16 18:30", "2024-04-01 12:00"])
    return pd.DataFrame(
        {"ordered": ordered, "delivered": ordered + pd.to_timedelta([2.0, 0.5, 9.5], unit="D")}
    )


def test_two_date_columns_give_hour_weekday_and_days_between() -> None:
    pipe, out = _transform(
        _two_dates(),
        _target(3),
        FeatureColumns(datetime=("ordered", "delivered")),
        features=UNSCALED,
    )
    assert "date_durations" in _branch_names(pipe)
    assert {"dates__ordered_hour", "dates__delivered_weekday"} <= set(out.columns)
    assert out["date_durations__days_ordered_to_delivered"].tolist() == [2.0, 0.5, 9.5]


def test_date_part_constant_on_training_rows_is_dropped_and_recorded() -> None:
    pipe, out = _transform(
        _two_dates(),
        _target(3),
        FeatureColumns(datetime=("ordered", "delivered")),
        features=UNSCALED,
    )
    # Every training date is in 2024: the year carries nothing and is left out.
    assert "dates__ordered_year" not in out.columns
    parts = pipe.named_steps["prep"].named_transformers_["dates"].named_steps["parts"]
    assert parts.dropped_features_.tolist() == ["ordered_year", "delivered_year"]


def test_date_durations_off_or_one_date_column_adds_no_duration_branch() -> None:
    off = build_pipeline(
        _recipe(features=FeaturesSection(date_durations=False)),
        FeatureColumns(datetime=("ordered", "delivered")),
        task="regression",
    )
    one = build_pipeline(_recipe(), FeatureColumns(datetime=("ordered",)), task="regression")
    assert "date_durations" not in _branch_names(off)
    assert "date_durations" not in _branch_names(one)


def test_date_durations_branch_is_skipped_when_one_date_column_is_dropped() -> None:
    X = _two_dates().assign(delivered=pd.NaT)
    _, out = _transform(
        X,
        _target(3),
        FeatureColumns(datetime=("ordered", "delivered")),
        cleaning=CleaningSection(max_missing_share=0.5),
        features=UNSCALED,
    )
    assert not [c for c in out.columns if c.startswith("date_durations")]
    assert "dates__ordered_hour" in out.columns


def test_log_columns_apply_signed_log1p() -> None:
    values = np.array([-100.0, -1.0, 0.0, 1.0, 1_000.0])
    _, out = _transform(
        pd.DataFrame({"v": values, "w": values}),
        _target(5),
        FeatureColumns(numeric=("v", "w")),
        features=FeaturesSection(scaling="none", log_columns=("v",)),
    )
    np.testing.assert_allclose(out["log__v"], np.sign(values) * np.log1p(np.abs(values)))
    np.testing.assert_array_equal(out["numeric__w"], values)


def test_power_columns_apply_yeo_johnson_without_standardising() -> None:
    values = np.array([[0.5], [1.0], [2.0], [4.0], [30.0], [200.0]])
    _, out = _transform(
        pd.DataFrame({"v": values[:, 0]}),
        _target(6),
        FeatureColumns(numeric=("v",)),
        features=FeaturesSection(scaling="none", power_columns=("v",)),
    )
    expected = PowerTransformer(method="yeo-johnson", standardize=False).fit_transform(values)
    np.testing.assert_allclose(out["power__v"], expected[:, 0])
    assert not np.allclose(out["power__v"], values[:, 0])


def test_bin_columns_make_n_bins_onehot_columns() -> None:
    _, out = _transform(
        pd.DataFrame({"v": np.arange(20.0)}),
        _target(20),
        FeatureColumns(numeric=("v",)),
        features=FeaturesSection(bin_columns=("v",), n_bins=4),
    )
    assert out.shape[1] == 4
    assert all(name.startswith("bins__v_") for name in out.columns)
    assert (out.sum(axis=1) == 1.0).all()
    assert out.sum(axis=0).tolist() == [5.0] * 4


@pytest.mark.parametrize(
    ("interaction_only", "names"),
    [
        (False, ["poly__a", "poly__b", "poly__a^2", "poly__a b", "poly__b^2"]),
        (True, ["poly__a", "poly__b", "poly__a b"]),
    ],
    ids=["degree_2", "interaction_only"],
)
def test_poly_columns_add_degree_two_terms(interaction_only: bool, names: list[str]) -> None:
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 3.0, 5.0]})
    features = FeaturesSection(
        scaling="none", poly_columns=("a", "b"), poly_degree=2, interaction_only=interaction_only
    )
    _, out = _transform(X, _target(3), FeatureColumns(numeric=("a", "b")), features=features)
    assert out.columns.tolist() == names
    assert out["poly__a b"].tolist() == [2.0, 6.0, 15.0]


def _reviews(n_rows: int = 20) -> pd.DataFrame:
    # 30 distinct words, six per review.
    texts = [" ".join(f"w{(7 * i + j) % 30}" for j in range(6)) for i in range(n_rows)]
    return pd.DataFrame({"Review Text": pd.array(texts, dtype="str")})


@pytest.mark.parametrize(
    ("max_features", "n_words"), [(10, 10), (300, 30)], ids=["capped", "whole_vocabulary"]
)
def test_text_tfidf_makes_word_features_capped(max_features: int, n_words: int) -> None:
    X = _reviews()
    _, out = _transform(
        X,
        _target(len(X)),
        FeatureColumns(text=("Review Text",)),
        features=FeaturesSection(text="tfidf", text_max_features=max_features),
    )
    assert out.shape[1] == n_words
    assert all(name.startswith("text_review_text__w") for name in out.columns)


def test_text_branches_get_unique_names() -> None:
    X = pd.concat([_reviews(), _reviews().rename(columns={"Review Text": "review_text"})], axis=1)
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(text="tfidf")),
        FeatureColumns(text=("Review Text", "review_text")),
        task="regression",
    )
    assert _branch_names(pipe) == ["text_review_text", "text_review_text_2"]
    assert pipe.fit_transform(X, _target(len(X))).shape == (20, 60)


# ---------------------------------------------------------------------------------------------
# Variance, selection, reduction
# ---------------------------------------------------------------------------------------------


def test_variance_threshold_drops_constant_feature() -> None:
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "flat": [5.0, 5.0, 5.0, 5.0]})
    _, out = _transform(
        X,
        _target(4),
        FeatureColumns(numeric=("a", "flat")),
        features=FeaturesSection(variance_threshold=0.0),
    )
    assert out.columns.tolist() == ["numeric__a"]


def _informative(task: str) -> tuple[pd.DataFrame, pd.Series]:
    """Eight features; the target depends on the first three."""
    rng = np.random.RandomState(SEED)
    X = pd.DataFrame(rng.normal(size=(80, 8)), columns=[f"x{j}" for j in range(8)])
    signal = X["x0"] + X["x1"] - X["x2"] + 0.3 * rng.normal(size=80)
    if task == "regression":
        return X, signal
    if task == "binary":
        return X, (signal > 0).astype(int)
    return X, pd.Series(np.digitize(signal, np.quantile(signal, [1 / 3, 2 / 3])))


def _selected(selection: str, task: str) -> pd.DataFrame:
    X, y = _informative(task)
    _, out = _transform(
        X,
        y,
        FeatureColumns(numeric=tuple(X.columns)),
        features=FeaturesSection(selection=selection, selection_k=3),
        task=task,
    )
    return out


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
@pytest.mark.parametrize("selection", ["f_test", "mutual_info", "tree"])
def test_selection_keeps_k_features(selection: str, task: str) -> None:
    out = _selected(selection, task)
    assert out.shape[1] == 3


@pytest.mark.parametrize(
    "task",
    [
        "binary",
        "regression",
        pytest.param(
            "multiclass",
        ),
    ],
)
def test_l1_selection_keeps_at_most_k_features(task: str) -> None:
    out = _selected("l1", task)
    assert 1 <= out.shape[1] <= 3


def test_pca_keeps_fewest_components_reaching_variance() -> None:
    rng = np.random.RandomState(SEED)
    base = rng.normal(size=(50, 2))
    noise = 0.05 * rng.normal(size=(50, 4))
    X = pd.DataFrame(np.hstack([base, base @ rng.normal(size=(2, 4)) + noise]))
    X.columns = [f"x{j}" for j in range(6)]
    pipe, out = _transform(
        X,
        _target(50),
        FeatureColumns(numeric=tuple(X.columns)),
        features=FeaturesSection(reduction="pca", pca_variance=0.9),
    )
    explained = np.cumsum(pipe.named_steps["reduce"].explained_variance_ratio_)
    assert out.shape[1] == len(explained) < 6
    assert explained[-1] >= 0.9
    assert len(explained) == 1 or explained[-2] < 0.9


# ---------------------------------------------------------------------------------------------
# Imbalance
# ---------------------------------------------------------------------------------------------


def _imbalanced() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.RandomState(SEED)
    X = pd.DataFrame(rng.normal(size=(50, 3)), columns=["a", "b", "c"])
    return X, pd.Series([0] * 40 + [1] * 10)


@pytest.mark.parametrize(
    ("imbalance", "counts"),
    [("oversample", [40, 40]), ("undersample", [10, 10]), ("smote", [40, 40])],
    ids=["oversample", "undersample", "smote"],
)
def test_resampling_balances_training_rows(imbalance: str, counts: list[int]) -> None:
    X, y = _imbalanced()
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(imbalance=imbalance)),
        FeatureColumns(numeric=tuple(X.columns)),
        task="binary",
    )
    X_resampled, y_resampled = pipe.fit_resample(X, y)
    assert np.bincount(y_resampled).tolist() == counts
    assert X_resampled.shape == (sum(counts), 3)


def test_resampling_is_left_out_for_regression() -> None:
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(imbalance="smote")),
        FeatureColumns(numeric=("a",)),
        task="regression",
    )
    assert "resample" not in pipe.named_steps


def test_class_weight_sets_balanced_on_model_that_has_it() -> None:
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(imbalance="class_weight")),
        FeatureColumns(numeric=("a",)),
        task="binary",
        model=LogisticRegression(),
    )
    assert pipe.named_steps["model"].class_weight == "balanced"
    assert "resample" not in pipe.named_steps


def test_class_weight_leaves_model_without_it_alone() -> None:
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(imbalance="class_weight")),
        FeatureColumns(numeric=("a",)),
        task="binary",
        model=KNeighborsClassifier(),
    )
    assert pipe.named_steps["model"].get_params() == KNeighborsClassifier().get_params()


def test_class_weight_leaves_callers_model_unchanged() -> None:
    model = LogisticRegression()
    build_pipeline(
        _recipe(features=FeaturesSection(imbalance="class_weight")),
        FeatureColumns(numeric=("a",)),
        task="binary",
        model=model,
    )
    assert model.class_weight is None


# ---------------------------------------------------------------------------------------------
# Scaling
# ---------------------------------------------------------------------------------------------


def _scaled(scaling: str, *, needs_scaling: bool = True) -> tuple[object, np.ndarray]:
    X = pd.DataFrame({"v": [1.0, 2.0, 3.0, 4.0, 100.0]})
    pipe = build_pipeline(
        _recipe(features=FeaturesSection(scaling=scaling)),
        FeatureColumns(numeric=("v",)),
        task="regression",
        needs_scaling=needs_scaling,
    )
    return pipe, pipe.fit_transform(X, _target(5))[:, 0]


@pytest.mark.parametrize(
    ("scaling", "scaler"),
    [("standard", StandardScaler), ("minmax", MinMaxScaler), ("robust", RobustScaler)],
    ids=["standard", "minmax", "robust"],
)
def test_scaling_applies_chosen_scaler(scaling: str, scaler: type) -> None:
    _, out = _scaled(scaling)
    expected = scaler().fit_transform(np.array([[1.0], [2.0], [3.0], [4.0], [100.0]]))
    np.testing.assert_allclose(out, expected[:, 0])


@pytest.mark.parametrize(
    ("scaling", "needs_scaling"),
    [("none", True), ("auto", False)],
    ids=["none", "auto_for_trees"],
)
def test_scaling_off_has_no_scale_step(scaling: str, needs_scaling: bool) -> None:
    pipe, out = _scaled(scaling, needs_scaling=needs_scaling)
    branch = pipe.named_steps["prep"].named_transformers_["numeric"]
    assert "scale" not in branch.named_steps
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0, 4.0, 100.0])


def test_scaling_auto_standardises_when_model_needs_it() -> None:
    pipe, _ = _scaled("auto", needs_scaling=True)
    branch = pipe.named_steps["prep"].named_transformers_["numeric"]
    assert isinstance(branch.named_steps["scale"], StandardScaler)


def test_clip_fences_come_from_real_values_not_filled_placeholders() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=100)
    values[::5] = np.nan  # a fifth missing, filled with a far-off constant
    X = pd.DataFrame({"x": values})
    pipe, out = _transform(
        X,
        _target(100),
        FeatureColumns(numeric=("x",)),
        cleaning=CleaningSection(
            outliers="clip_iqr", numeric_imputation="constant", numeric_fill_value=-999.0
        ),
        features=FeaturesSection(scaling="none"),
    )
    clipper = pipe.named_steps["prep"].named_transformers_["numeric"].named_steps["clip"]
    q1, q3 = np.nanquantile(values, [0.25, 0.75])
    assert clipper.lower_[0] == pytest.approx(q1 - 1.5 * (q3 - q1))
    # The placeholder is a deliberate value, written after clipping, so it survives.
    assert (out["numeric__x"] == -999.0).sum() == 20


def test_ordered_columns_survive_a_dropped_sibling() -> None:
    X = pd.DataFrame(
        {
            "size": pd.array(["s", "m", "l", "m"] * 5, dtype="str"),
            "grade": pd.array(["a", None, None, None] * 5, dtype="str"),  # 75% missing
        }
    )
    _, out = _transform(
        X,
        _target(20),
        FeatureColumns(categorical=("size", "grade")),
        cleaning=CleaningSection(max_missing_share=0.5),
        features=FeaturesSection(ordinal_orders={"size": ("s", "m", "l"), "grade": ("a", "b")}),
    )
    assert out.columns.tolist() == ["ordered_size__size"]
    assert out["ordered_size__size"].tolist()[:4] == [0.0, 1.0, 2.0, 1.0]


def test_feature_columns_summary_counts_each_kind_in_words() -> None:
    columns = FeatureColumns(numeric=("a", "b"), datetime=("d",), categorical=("c",))
    assert columns.summary() == "2 numbers, 1 category, 1 date"
    assert FeatureColumns().summary() == "none"
