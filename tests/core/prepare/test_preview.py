"""Tests for core.prepare.preview: the preprocessing fitted on training rows, and its effects per
column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import core.prepare.preview
from core.prepare import (
    PREVIEW_COLUMNS,
    PREVIEW_ROWS,
    PipelineError,
    TrainingData,
    cleaning_effects,
    fit_preview,
)
from core.recipe import (
    Recipe,
)
from tests.core.split_data import recipe_and_data

SEED = 3
N = 100
OUTLIER = 50.0
RARE = {"Lima": 3, "Pisa": 2}


def _frame(task: str = "regression", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Numbers with gaps and planted outliers, a category with two rare levels, a target."""
    rng = np.random.default_rng(seed)
    x2 = rng.uniform(-1, 1, size=n)  # no tails: only the planted values lie past the fences
    x2[::5] = np.nan
    x2[[1, 2, 3]] = OUTLIER
    cities = ["Oslo"] * 48 + ["Rome"] * 47 + [k for k, v in RARE.items() for _ in range(v)]
    frame = pd.DataFrame(
        {
            "x1": rng.normal(size=n),
            "x2": x2,
            "x3": rng.uniform(size=n),
            "city": pd.array(rng.permutation(cities)[:n], dtype="str"),
        }
    )
    if task == "regression":
        frame["y"] = frame["x1"] * 2 + rng.normal(size=n)
    else:
        frame["y"] = pd.array(np.where(rng.random(n) < 0.2, "yes", "no"), dtype="str")
    return frame


def _data(
    frame: pd.DataFrame | None = None,
    *,
    task: str = "regression",
    data: dict | None = None,
    cleaning: dict | None = None,
    features: dict | None = None,
) -> tuple[Recipe, TrainingData]:
    frame = _frame(task) if frame is None else frame
    return recipe_and_data(frame, task=task, data=data, cleaning=cleaning, features=features)


def _step(preview, name: str):
    return next(s for s in preview.steps if s.name == name)


def _effects_row(effects, column: str) -> pd.Series:
    columns = effects.columns.set_index("column")
    return columns.loc[column]


# ---------------------------------------------------------------------------------------------
# fit_preview
# ---------------------------------------------------------------------------------------------


def test_fit_preview_refuses_an_error_combination_before_fitting(monkeypatch) -> None:
    # A number strategy for a text column: an error the checks catch.
    recipe, data = _data(cleaning={"imputation_overrides": {"city": "median"}})

    def never(*args, **kwargs):
        raise AssertionError("the pipeline was built before the check")

    monkeypatch.setattr(core.prepare.preview, "build_pipeline", never)

    with pytest.raises(PipelineError, match="works only on numbers"):
        fit_preview(recipe, data)


def test_fit_preview_summarises_every_pipeline_step_in_order() -> None:
    recipe, data = _data(
        task="binary",
        cleaning={"outliers": "drop_train_rows", "max_missing_share": 0.5},
        features={
            "variance_threshold": 0.0,
            "selection": "f_test",
            "selection_k": 4,
            "reduction": "pca",
            "imbalance": "oversample",
        },
    )

    preview = fit_preview(recipe, data)

    assert [s.name for s in preview.steps] == [name for name, _ in preview.pipeline.steps]
    assert [s.name for s in preview.steps] == [
        "outlier_rows",
        "drop_missing",
        "prep",
        "variance",
        "select",
        "reduce",
        "resample",
    ]
    first, last = preview.steps[0], preview.steps[-1]
    assert (first.rows_in, first.columns_in) == data.X_train.shape
    for before, after in zip(preview.steps, preview.steps[1:], strict=False):
        assert (before.rows_out, before.columns_out) == (after.rows_in, after.columns_in)
    assert (last.rows_out, last.columns_out) == preview.shape
    assert all(s.detail for s in preview.steps)


def test_fit_preview_resample_adds_rows_not_columns() -> None:
    recipe, data = _data(task="binary", features={"imbalance": "oversample"})

    step = _step(fit_preview(recipe, data), "resample")

    majority = int(data.y_train.value_counts().max())
    assert step.rows_in == len(data.X_train)
    assert step.rows_out == 2 * majority > step.rows_in
    assert step.columns_out == step.columns_in


@pytest.mark.parametrize("selection", ["f_test", "mutual_info", "tree"])
def test_fit_preview_select_keeps_k_columns(selection) -> None:
    recipe, data = _data(features={"selection": selection, "selection_k": 3})

    preview = fit_preview(recipe, data)

    step = _step(preview, "select")
    assert step.columns_in > 3
    assert step.columns_out == 3
    assert preview.shape[1] == 3
    assert "Kept 3 of" in step.detail


def test_fit_preview_outlier_rows_removes_training_rows_only() -> None:
    recipe, data = _data(cleaning={"outliers": "drop_train_rows"})

    preview = fit_preview(recipe, data)

    step = _step(preview, "outlier_rows")
    planted = int((data.X_train["x2"] == OUTLIER).sum())
    removed = preview.pipeline.named_steps["outlier_rows"].n_removed_
    assert planted > 0
    assert removed >= planted
    assert step.rows_out == step.rows_in - removed
    assert preview.shape[0] == len(data.X_train) - removed
    assert f"Removed {removed:,} training row(s)" in step.detail


def test_fit_preview_pca_keeps_no_more_columns_than_it_gets() -> None:
    recipe, data = _data(features={"reduction": "pca", "pca_variance": 0.8})

    step = _step(fit_preview(recipe, data), "reduce")

    assert 1 <= step.columns_out <= step.columns_in
    assert step.rows_out == step.rows_in


@pytest.mark.parametrize(
    "features",
    [
        pytest.param({}, id="defaults"),
        pytest.param({"encoding": "ordinal"}, id="ordinal"),
        pytest.param({"bin_columns": ("x1",), "poly_columns": ("x2", "x3")}, id="bins-poly"),
        pytest.param({"selection": "f_test", "selection_k": 2}, id="selection"),
        pytest.param({"reduction": "pca"}, id="pca"),
    ],
)
def test_fit_preview_names_every_output_feature(features) -> None:
    recipe, data = _data(features=features)

    preview = fit_preview(recipe, data)

    assert len(preview.feature_names) == preview.shape[1]
    assert len(set(preview.feature_names)) == len(preview.feature_names)


def test_fit_preview_head_is_limited_to_the_first_rows_and_columns() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({f"n{i}": rng.normal(size=N) for i in range(15)})
    frame["y"] = rng.normal(size=N)
    recipe, data = _data(frame, features={"bin_columns": tuple(frame.columns[:15]), "n_bins": 5})

    preview = fit_preview(recipe, data)

    assert preview.shape == (len(data.X_train), 75)
    assert preview.head.shape == (PREVIEW_ROWS, PREVIEW_COLUMNS) == (20, 60)
    assert list(preview.head.columns) == list(preview.feature_names[:60])


def test_fit_preview_head_shows_all_of_a_small_matrix() -> None:
    recipe, data = _data()

    preview = fit_preview(recipe, data)

    assert preview.head.shape == (PREVIEW_ROWS, preview.shape[1])
    assert preview.shape[1] < PREVIEW_COLUMNS


def test_transform_preview_steps_frame_is_tidy() -> None:
    recipe, data = _data(cleaning={"outliers": "drop_train_rows"})

    frame = fit_preview(recipe, data).steps_frame()

    assert frame.columns.tolist() == ["step", "rows", "columns", "what it did"]
    assert frame["step"].tolist() == ["outlier_rows", "prep"]
    assert frame["rows"].str.contains("→").all()


def test_fit_preview_fits_on_the_training_rows() -> None:
    recipe, data = _data()

    preview = fit_preview(recipe, data)

    assert preview.fitted_rows == len(data.X_train)
    assert preview.shape[0] == len(data.X_train)
    prep = preview.pipeline.named_steps["prep"]
    imputer = prep.named_transformers_["numeric"].named_steps["impute"]
    train_medians = data.X_train[["x1", "x2", "x3"]].median().to_numpy()
    all_medians = data.clean.frame[["x1", "x2", "x3"]].median().to_numpy()
    np.testing.assert_allclose(imputer.statistics_, train_medians)
    assert not np.allclose(imputer.statistics_, all_medians)


def test_fit_preview_samples_training_rows_above_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(core.prepare.preview, "MAX_PREVIEW_FIT_ROWS", 30)
    recipe, data = _data()

    first = fit_preview(recipe, data)
    second = fit_preview(recipe, data)

    assert first.fitted_rows == 30
    assert first.shape[0] == 30
    assert first.steps[0].rows_in == 30
    pd.testing.assert_frame_equal(first.head, second.head)


# ---------------------------------------------------------------------------------------------
# cleaning_effects
# ---------------------------------------------------------------------------------------------


def _counts(effects) -> dict[str, int]:
    return {label.split(" (")[0]: int(n) for label, n in effects.rows.itertuples(index=False)}


def test_cleaning_effects_rows_table_follows_every_row() -> None:
    frame = _frame()
    frame.loc[[10, 20, 30], "y"] = np.nan
    frame = pd.concat([frame, frame.iloc[[40, 41]]], ignore_index=True)
    recipe, data = _data(frame, cleaning={"drop_duplicates": True, "outliers": "drop_train_rows"})
    preview = fit_preview(recipe, data)
    removed = preview.pipeline.named_steps["outlier_rows"].n_removed_

    counts = _counts(cleaning_effects(data, preview))

    assert counts == {
        "Rows loaded": N + 2,
        "Dropped: target missing": -3,
        "Dropped: exact duplicates": -2,
        "Held out for testing": -len(data.X_test),
        "Training rows": len(data.X_train),
        "Training rows removed as outliers": -removed,
        "Training rows the model learns from": len(data.X_train) - removed,
    }
    assert removed > 0
    assert N + 2 - 3 - 2 - len(data.X_test) == len(data.X_train)


def test_cleaning_effects_counts_missing_training_cells_per_column() -> None:
    frame = _frame()
    frame.loc[::7, "city"] = None
    recipe, data = _data(frame)

    effects = cleaning_effects(data, fit_preview(recipe, data))

    missing = effects.columns.set_index("column")["missing in training"]
    assert missing.to_dict() == data.X_train.isna().sum().to_dict()
    assert missing["x2"] > 0
    assert missing["city"] > 0


@pytest.mark.parametrize("strategy", ["median", "mean"])
def test_cleaning_effects_shows_the_training_fill_value(strategy) -> None:
    recipe, data = _data(cleaning={"numeric_imputation": strategy})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    expected = getattr(data.X_train["x2"], strategy)()
    assert _effects_row(effects, "x2")["filled with"] == f"{expected:,.4g} ({strategy})"
    assert _effects_row(effects, "x1")["filled with"] == ""


def test_cleaning_effects_shows_the_most_frequent_category_fill() -> None:
    frame = _frame()
    frame.loc[::7, "city"] = None
    recipe, data = _data(frame)

    effects = cleaning_effects(data, fit_preview(recipe, data))

    mode = data.X_train["city"].mode().iloc[0]
    assert _effects_row(effects, "city")["filled with"] == f"{mode} (most_frequent)"


def _dated(columns: dict[str, str]) -> pd.DataFrame:
    """The base frame plus date columns (name → first date), each with some dates missing."""
    frame = _frame()
    for offset, (name, start) in enumerate(columns.items()):
        dates = pd.Series(pd.date_range(start, periods=N, freq="3D"))
        dates[offset::5] = pd.NaT
        frame[name] = dates
    return frame


def test_cleaning_effects_reports_a_date_column_the_same_beside_another() -> None:
    frame = _dated({"first": "2020-01-01", "second": "2010-06-01"})
    recipe, both = _data(frame)
    _, alone = _data(frame.drop(columns="first"))  # same rows, same seed: same split

    with_first = _effects_row(cleaning_effects(both, fit_preview(recipe, both)), "second")
    on_its_own = _effects_row(cleaning_effects(alone, fit_preview(recipe, alone)), "second")

    assert with_first["missing in training"] == on_its_own["missing in training"] > 0
    assert with_first["filled with"] == on_its_own["filled with"]


def test_cleaning_effects_counts_clipped_values_and_fences() -> None:
    recipe, data = _data(cleaning={"outliers": "clip_iqr"})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    row = _effects_row(effects, "x2")
    planted = int((data.X_train["x2"] == OUTLIER).sum())
    assert planted > 0
    assert row["values clipped"] == planted
    low, high = (float(v.replace(",", "")) for v in row["fences"].split(" … "))
    assert low < data.X_train["x2"].median() < high < OUTLIER


def test_cleaning_effects_without_clipping_leaves_fences_empty() -> None:
    recipe, data = _data()

    effects = cleaning_effects(data, fit_preview(recipe, data))

    assert (effects.columns["values clipped"] == 0).all()
    assert (effects.columns["fences"] == "").all()


def test_cleaning_effects_counts_rare_categories_grouped_into_other() -> None:
    recipe, data = _data(cleaning={"rare_category_share": 0.1})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    row = _effects_row(effects, "city")
    rare_in_training = data.X_train["city"].isin(list(RARE))
    assert row["categories → other"] == data.X_train.loc[rare_in_training, "city"].nunique()
    assert row["rows → other"] == int(rare_in_training.sum()) > 0


def test_cleaning_effects_lists_columns_dropped_for_missing_values() -> None:
    frame = _frame()
    frame["sparse"] = np.where(np.arange(N) % 5 == 0, 1.5, np.nan) + np.arange(N)
    recipe, data = _data(frame, cleaning={"max_missing_share": 0.5})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    assert dict(effects.dropped) == {"sparse": "more than 50% missing"}


def test_cleaning_effects_without_dropping_has_no_dropped_columns() -> None:
    recipe, data = _data(cleaning={"max_missing_share": 0.5})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    assert dict(effects.dropped) == {}


def test_cleaning_effects_counts_spellings_fixed_before_the_split() -> None:
    frame = _frame()
    frame.loc[[0, 1], "city"] = " Oslo "
    recipe, data = _data(frame, cleaning={"text_normalisation": "trim"})

    effects = cleaning_effects(data, fit_preview(recipe, data))

    assert _effects_row(effects, "city")["text cells normalised or merged (all rows)"] == 2
    assert _effects_row(effects, "x1")["text cells normalised or merged (all rows)"] == 0


def test_cleaning_effects_survive_a_column_missing_in_every_training_row() -> None:
    frame = _frame()
    recipe, data = _data(frame, cleaning={"outliers": "clip_iqr"})
    # Blank x1 in every training row: the imputer drops it, the clipper keeps its place.
    frame.loc[data.X_train.index, "x1"] = np.nan
    recipe, data = _data(frame, cleaning={"outliers": "clip_iqr"})
    preview = fit_preview(recipe, data)
    effects = cleaning_effects(data, preview)
    assert _effects_row(effects, "x1")["values clipped"] == 0
    assert _effects_row(effects, "x2")["values clipped"] == 3  # the planted outliers


def _orders() -> pd.DataFrame:
    """Orders delivered 0 to 6 days later, dates without times."""
    frame = _dated({"ordered": "2024-01-01"})
    frame["delivered"] = frame["ordered"] + pd.to_timedelta(np.arange(N) % 7, unit="D")
    return frame


def test_fit_preview_explains_date_durations_and_dropped_constant_parts() -> None:
    frame = _orders()
    recipe, data = _data(frame, features={"date_parts": ("hour", "weekday")})

    detail = _step(fit_preview(recipe, data), "prep").detail

    assert "Added the days between dates: ordered → delivered." in detail
    # Dates without times: the hour is 0 on every training row.
    assert "ordered_hour (always 0), delivered_hour (always 0)" in detail
    assert "weekday (always" not in detail


def test_fit_preview_branch_of_durations_reads_in_plain_words() -> None:
    frame = _orders()
    recipe, data = _data(frame)
    branches = fit_preview(recipe, data).branches_frame().set_index("branch")
    assert branches.loc["date_durations", "steps"].startswith("days between date columns")
    assert branches.loc["date_durations", "features out"] == 1
