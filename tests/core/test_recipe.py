"""Tests for core.recipe: validation, JSON round trips, versions, fingerprints, immutability."""

from __future__ import annotations

import dataclasses
import json

import pytest

import core.data.read_settings
import core.recipe
from core.errors import RecipeError
from core.recipe import (
    SCHEMA_VERSION,
    CleaningSection,
    DataSection,
    FeaturesSection,
    ModelSection,
    ProblemSection,
    Recipe,
    SplitSection,
    TuningSection,
    ValidationSection,
)

SECTION_NAMES = (
    "data",
    "problem",
    "cleaning",
    "features",
    "split",
    "validation",
    "model",
    "tuning",
)


def _everything_changed() -> Recipe:
    """A recipe where every section differs from its defaults."""
    return Recipe(
        data=DataSection(
            source_name="sales.csv",
            na_tokens=("", "NULL", "?"),
            delimiter=";",
            encoding="cp1252",
            decimal=",",
            sheet="Q1",
            skip_bad_lines=True,
            column_types={"zip": "categorical", "when": "datetime"},
            drop_columns=("notes",),
        ),
        problem=ProblemSection(
            target="churned",
            task="binary",
            positive_class="yes",
            metric="f1",
            exclude_columns=("customer_id",),
        ),
        cleaning=CleaningSection(
            drop_duplicates=True,
            text_normalisation="trim_lower",
            category_merges={"city": {"paris ": "Paris", "PARIS": "Paris"}},
            numeric_imputation="knn",
            categorical_imputation="constant",
            outliers="clip_iqr",
        ),
        features=FeaturesSection(
            scaling="robust",
            encoding="target",
            max_onehot_levels=50,
            ordinal_orders={"size": ["S", "M", "L"]},
            date_parts=("year", "hour"),
            log_columns=("income",),
            poly_columns=("age", "tenure"),
            poly_degree=3,
            text="tfidf",
            variance_threshold=0.0,
            selection="mutual_info",
            selection_k=7,
            reduction="pca",
            pca_variance=0.9,
            imbalance="smote",
        ),
        split=SplitSection(strategy="group", test_size=0.25, seed=7, group_column="customer_id"),
        validation=ValidationSection(scheme="group_kfold", folds=10, repeats=3),
        model=ModelSection(
            algorithm="random_forest",
            params={"max_depth": 5, "min_samples_leaf": 0.01, "criterion": "gini", "x": None},
        ),
        tuning=TuningSection(method="random", n_candidates=50, budget_seconds=600),
    )


# ---------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------


def test_recipe_default_round_trips_through_json() -> None:
    recipe = Recipe()
    assert Recipe.from_json(recipe.to_json()) == recipe


def test_recipe_with_every_section_changed_round_trips() -> None:
    recipe = _everything_changed()
    assert Recipe.from_json(recipe.to_json()) == recipe


def test_recipe_every_section_changed_really_differs_from_default() -> None:
    changed, default = _everything_changed(), Recipe()
    for name in SECTION_NAMES:
        assert getattr(changed, name) != getattr(default, name), name


@pytest.mark.parametrize(
    "positive_class",
    [
        pytest.param("yes", id="text"),
        pytest.param(1, id="int"),
        pytest.param(2.5, id="float"),
        pytest.param(True, id="bool"),
    ],
)
def test_recipe_positive_class_round_trips_with_its_type(positive_class) -> None:
    recipe = Recipe(
        problem=ProblemSection(target="y", task="binary", positive_class=positive_class)
    )
    loaded = Recipe.from_json(recipe.to_json()).problem.positive_class
    assert loaded == positive_class
    assert type(loaded) is type(positive_class)


def test_recipe_to_json_is_stable_with_sorted_keys() -> None:
    recipe = _everything_changed()
    text = recipe.to_json()
    assert text == _everything_changed().to_json()
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert list(data["data"]) == sorted(data["data"])
    assert data["schema_version"] == SCHEMA_VERSION


def test_recipe_to_dict_has_schema_version_and_every_section() -> None:
    assert set(Recipe().to_dict()) == {"schema_version", *SECTION_NAMES}


def test_recipe_missing_sections_take_defaults() -> None:
    recipe = Recipe.from_dict({"schema_version": SCHEMA_VERSION, "split": {"seed": 3}})
    assert recipe == Recipe(split=SplitSection(seed=3))


# ---------------------------------------------------------------------------------------------
# Fingerprints
# ---------------------------------------------------------------------------------------------


def test_recipe_fingerprint_is_deterministic() -> None:
    assert _everything_changed().fingerprint() == _everything_changed().fingerprint()
    assert len(Recipe().fingerprint()) == 16


@pytest.mark.parametrize(
    "section",
    [
        pytest.param(DataSection(drop_columns=("x",)), id="data"),
        pytest.param(ProblemSection(target="y"), id="problem"),
        pytest.param(CleaningSection(drop_duplicates=True), id="cleaning"),
        pytest.param(FeaturesSection(scaling="minmax"), id="features"),
        pytest.param(SplitSection(seed=1), id="split"),
        pytest.param(ValidationSection(folds=3), id="validation"),
        pytest.param(ModelSection(algorithm="ridge"), id="model"),
        pytest.param(TuningSection(method="grid"), id="tuning"),
    ],
)
def test_recipe_fingerprint_changes_when_a_section_changes(section) -> None:
    base = Recipe()
    changed = base.with_section(section)
    assert changed.fingerprint() != base.fingerprint()
    assert changed.fingerprint(section.section_name) != base.fingerprint(section.section_name)


def test_recipe_section_fingerprint_ignores_other_sections() -> None:
    base = Recipe(problem=ProblemSection(target="y", task="regression"))
    changed = base.with_section(ModelSection(algorithm="ridge", params={"alpha": 2.0}))
    assert changed.fingerprint("problem") == base.fingerprint("problem")
    assert changed.fingerprint("data", "problem") == base.fingerprint("data", "problem")
    assert changed.fingerprint("model") != base.fingerprint("model")


# ---------------------------------------------------------------------------------------------
# Field validation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field", "allowed"),
    [
        pytest.param(
            lambda: ProblemSection(target="y", task="ranking"),
            "problem.task",
            ["'binary'", "'multiclass'", "'regression'"],
            id="unknown-task",
        ),
        pytest.param(
            lambda: SplitSection(test_size=0.7), "split.test_size", ["0.05", "0.5"], id="test-high"
        ),
        pytest.param(
            lambda: SplitSection(test_size=0.01), "split.test_size", ["0.05", "0.5"], id="test-low"
        ),
        pytest.param(
            lambda: SplitSection(test_size=float("nan")),
            "split.test_size",
            ["finite"],
            id="test-size-nan",
        ),
        pytest.param(
            lambda: ValidationSection(folds=1), "validation.folds", ["2", "20"], id="folds-1"
        ),
        pytest.param(
            lambda: ValidationSection(folds=5.0),
            "validation.folds",
            ["a number"],
            id="folds-float",
        ),
        pytest.param(
            lambda: CleaningSection(drop_duplicates=1),
            "cleaning.drop_duplicates",
            ["true or false"],
            id="bool-as-int",
        ),
        pytest.param(lambda: SplitSection(seed=True), "split.seed", ["a number"], id="int-as-bool"),
        pytest.param(
            lambda: DataSection(na_tokens="NA"),
            "data.na_tokens",
            ["a list of texts"],
            id="na-tokens-as-string",
        ),
        pytest.param(
            lambda: DataSection(na_tokens=("NA", "NA")),
            "data.na_tokens",
            ["without repeats"],
            id="na-tokens-repeated",
        ),
        pytest.param(
            lambda: DataSection(delimiter=":"), "data.delimiter", ["','", "';'"], id="delimiter"
        ),
        pytest.param(
            lambda: ProblemSection(target=""), "problem.target", ["text"], id="empty-target"
        ),
        pytest.param(
            lambda: ModelSection(params={"layers": [10, 10]}),
            "model.params",
            ["single values"],
            id="param-list",
        ),
        pytest.param(
            lambda: ProblemSection(target="y", task="binary", positive_class=float("nan")),
            "problem.positive_class",
            ["a single value"],
            id="positive-class-nan",
        ),
    ],
)
def test_recipe_invalid_value_names_field_and_allowed_values(build, field, allowed) -> None:
    with pytest.raises(RecipeError) as caught:
        build()
    message = caught.value.message
    assert repr(field) in message
    for text in allowed:
        assert text in message


def test_recipe_unknown_column_kind_names_column_and_allowed_kinds() -> None:
    with pytest.raises(RecipeError) as caught:
        DataSection(column_types={"zip": "postcode"})
    message = caught.value.message
    assert "'zip'" in message
    assert "'postcode'" in message
    assert "'categorical'" in message
    assert "'identifier'" in message


def test_recipe_errors_are_value_errors_with_three_parts() -> None:
    with pytest.raises(ValueError, match=r"validation\.folds") as caught:
        ValidationSection(folds=0)
    assert caught.value.what
    assert caught.value.why
    assert caught.value.fix


def test_recipe_with_changes_validates() -> None:
    with pytest.raises(RecipeError, match=r"split\.test_size"):
        SplitSection().with_changes(test_size=2.0)


# ---------------------------------------------------------------------------------------------
# Unknown names and versions
# ---------------------------------------------------------------------------------------------


def test_recipe_unknown_section_is_refused_by_name() -> None:
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict({"schema_version": SCHEMA_VERSION, "deployment": {}})
    assert "'deployment'" in caught.value.message
    assert "problem" in caught.value.message


def test_recipe_unknown_field_is_refused_by_name() -> None:
    data = Recipe().to_dict()
    data["model"]["algo"] = "ridge"
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict(data)
    message = caught.value.message
    assert "'model'" in message
    assert "'algo'" in message
    assert "algorithm" in message


def test_recipe_section_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(RecipeError, match="'split'"):
        Recipe.from_dict({"schema_version": SCHEMA_VERSION, "split": [0.2]})


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param({"problem": {}}, ["schema_version"], id="missing-version"),
        pytest.param({"schema_version": "1"}, ["schema_version"], id="version-as-text"),
        pytest.param({"schema_version": True}, ["schema_version"], id="version-as-bool"),
        pytest.param(
            {"schema_version": SCHEMA_VERSION + 1}, ["newer", "Upgrade"], id="newer-version"
        ),
        pytest.param(
            {"schema_version": 0},
            ["no longer read", "No migration"],
            id="older-version-without-migration",
        ),
    ],
)
def test_recipe_schema_version_problems_are_explained(data, words: list[str]) -> None:
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict(data)
    for word in words:
        assert word in caught.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param('{"schema_version": 1', ["not valid JSON", "line 1"], id="broken-json"),
        pytest.param("[1, 2]", ["not a JSON object"], id="json-list"),
    ],
)
def test_recipe_from_json_refuses_non_recipes(text: str, words: list[str]) -> None:
    with pytest.raises(RecipeError) as caught:
        Recipe.from_json(text)
    for word in words:
        assert word in caught.value.message


def test_recipe_section_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(RecipeError, match="DataSection"):
        Recipe(data=ProblemSection())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Cross-field rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "words"),
    [
        pytest.param(
            lambda: ProblemSection(task="binary"),
            ["problem.task", "no target"],
            id="task-no-target",
        ),
        pytest.param(
            lambda: ProblemSection(target="price", task="regression", positive_class="yes"),
            ["positive_class", "not binary"],
            id="positive-class-with-regression",
        ),
        pytest.param(
            lambda: ProblemSection(target="price", positive_class="yes"),
            ["positive_class", "not binary"],
            id="positive-class-without-task",
        ),
        pytest.param(
            lambda: ProblemSection(target="price", exclude_columns=("id", "price")),
            ["'price'", "exclude_columns"],
            id="target-excluded",
        ),
        pytest.param(
            lambda: SplitSection(strategy="group"),
            ["'group'", "split.group_column"],
            id="group-split-without-column",
        ),
        pytest.param(
            lambda: SplitSection(strategy="time"),
            ["'time'", "split.time_column"],
            id="time-split-without-column",
        ),
    ],
)
def test_recipe_cross_field_rules(build, words: list[str]) -> None:
    with pytest.raises(RecipeError) as caught:
        build()
    for word in words:
        assert word in caught.value.message


def test_recipe_cross_field_rules_accept_consistent_sections() -> None:
    split = SplitSection(strategy="group", group_column="store")
    problem = ProblemSection(target="churn", task="binary", positive_class="yes")
    assert (split.group_column, problem.positive_class) == ("store", "yes")


# ---------------------------------------------------------------------------------------------
# Immutability
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SECTION_NAMES)
def test_recipe_sections_are_frozen(name: str) -> None:
    section = getattr(Recipe(), name)
    first_field = dataclasses.fields(section)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(section, first_field, None)


def test_recipe_itself_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Recipe().data = DataSection()  # type: ignore[misc]


@pytest.mark.parametrize(
    "get_mapping",
    [
        pytest.param(lambda r: r.data.column_types, id="column_types"),
        pytest.param(lambda r: r.cleaning.category_merges, id="category_merges"),
        pytest.param(lambda r: r.cleaning.category_merges["city"], id="category_merges-inner"),
        pytest.param(lambda r: r.model.params, id="params"),
    ],
)
def test_recipe_mapping_fields_are_read_only(get_mapping) -> None:
    mapping = get_mapping(_everything_changed())
    with pytest.raises(TypeError):
        mapping["new"] = "value"
    assert "new" not in mapping


def test_recipe_copies_mappings_it_is_given() -> None:
    types = {"zip": "categorical"}
    section = DataSection(column_types=types)
    types["zip"] = "numeric"
    assert section.column_types["zip"] == "categorical"


def test_recipe_list_fields_are_stored_as_tuples() -> None:
    section = DataSection(drop_columns=["a", "b"], na_tokens=["", "NA"])  # type: ignore[arg-type]
    assert section.drop_columns == ("a", "b")
    assert section.na_tokens == ("", "NA")


# ---------------------------------------------------------------------------------------------
# Defaults shared with intake
# ---------------------------------------------------------------------------------------------


def test_recipe_default_na_tokens_equal_intake_defaults() -> None:
    assert core.recipe.DEFAULT_NA_TOKENS == core.data.read_settings.DEFAULT_NA_TOKENS


def test_recipe_data_section_defaults_to_the_module_na_tokens() -> None:
    assert DataSection().na_tokens == core.recipe.DEFAULT_NA_TOKENS


# Migrations and the newer field shapes


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        pytest.param(
            True, ("year", "month", "weekday", "days_since"), id="on-becomes-version-2-parts"
        ),
        pytest.param(False, (), id="off-becomes-no-parts"),
    ],
)
def test_recipe_version_1_date_parts_flag_migrates_to_a_list(old, expected) -> None:
    recipe = Recipe.from_dict({"schema_version": 1, "features": {"date_parts": old}})
    assert recipe.features.date_parts == expected


def test_recipe_version_1_without_features_migrates_to_defaults() -> None:
    # Version 3's new defaults (the hour, the days between dates) stay off for older recipes.
    expected = Recipe().with_section(
        FeaturesSection(date_parts=("year", "month", "weekday", "days_since"), date_durations=False)
    )
    assert Recipe.from_dict({"schema_version": 1}) == expected


def test_recipe_version_2_without_date_parts_keeps_the_old_default_parts() -> None:
    features = Recipe.from_dict({"schema_version": 2}).features
    assert features.date_parts == ("year", "month", "weekday", "days_since")


def test_recipe_version_2_keeps_its_parts_and_goes_without_durations() -> None:
    old = {"schema_version": 2, "features": {"date_parts": ["year", "days_since"]}}
    features = Recipe.from_dict(old).features
    assert features.date_parts == ("year", "days_since")
    assert features.date_durations is False


def test_recipe_dates_and_orders_survive_a_json_round_trip() -> None:
    features = FeaturesSection(
        date_parts=("weekday", "hour"),
        date_durations=True,
        ordinal_orders={"cut": ("Fair", "Good", "Very Good", "Premium", "Ideal")},
    )
    recipe = Recipe().with_section(features)
    again = Recipe.from_json(recipe.to_json())
    assert again == recipe
    assert again.features.ordinal_orders["cut"][-1] == "Ideal"
    assert again.features.date_durations is True


def test_features_unknown_date_part_names_the_allowed_parts() -> None:
    with pytest.raises(RecipeError) as caught:
        FeaturesSection(date_parts=("year", "fortnight"))
    assert "'days_since'" in caught.value.message


def test_features_column_in_two_transforms_is_refused() -> None:
    with pytest.raises(RecipeError) as caught:
        FeaturesSection(log_columns=("income",), bin_columns=("income",))
    assert "log_columns" in caught.value.message
    assert "bin_columns" in caught.value.message


@pytest.mark.parametrize(
    "orders",
    [
        pytest.param({"size": ["S"]}, id="one-level"),
        pytest.param({"size": ["S", "S"]}, id="repeated-level"),
        pytest.param({"size": "SML"}, id="text-not-list"),
        pytest.param({"size": ["S", 2]}, id="number-level"),
    ],
)
def test_features_ordinal_orders_must_list_distinct_levels(orders) -> None:
    with pytest.raises(RecipeError):
        FeaturesSection(ordinal_orders=orders)


def test_features_ordinal_orders_round_trip_as_lists() -> None:
    features = FeaturesSection(ordinal_orders={"size": ["S", "M", "L"]})
    assert features.to_dict()["ordinal_orders"] == {"size": ["S", "M", "L"]}
    assert FeaturesSection.from_dict(features.to_dict()) == features


def test_cleaning_override_strategy_must_be_known() -> None:
    with pytest.raises(RecipeError) as caught:
        CleaningSection(imputation_overrides={"age": "guess"})
    assert "'iterative'" in caught.value.message


@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        pytest.param("max_missing_share", 0.0, id="missing-share-zero"),
        pytest.param("max_missing_share", 1.5, id="missing-share-above-one"),
        pytest.param("rare_category_share", 0.9, id="rare-share-too-big"),
        pytest.param("iqr_factor", 0.1, id="iqr-factor-too-small"),
        pytest.param("upper_quantile", 0.5, id="upper-quantile-too-low"),
    ],
)
def test_cleaning_shares_and_fences_are_range_checked(field_name: str, value: float) -> None:
    with pytest.raises(RecipeError) as caught:
        CleaningSection(**{field_name: value})
    assert field_name in caught.value.message


def test_cleaning_optional_shares_accept_none() -> None:
    section = CleaningSection(max_missing_share=None, rare_category_share=None)
    assert section.max_missing_share is None
