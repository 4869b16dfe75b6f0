"""Random combinations of cleaning and feature choices either preview or explain themselves.

Whatever a person picks on the Clean and Features pages, fitting the preview ends in a result
or in a ModelPathError with a message — never in a raw scikit-learn exception.
"""

from __future__ import annotations

import random
import warnings

import pytest

from core.data import load_sample, make_churn_dataset, prepare_table
from core.errors import ModelPathError
from core.prepare import cleaning_effects, fit_preview, training_data
from core.recipe import (
    CATEGORICAL_IMPUTATIONS,
    DATE_PARTS,
    NUMERIC_IMPUTATIONS,
    CleaningSection,
    DataSection,
    FeaturesSection,
    ProblemSection,
    Recipe,
)

CASES = {
    "churn": ("churned", "binary", ("cancellation_reason", "customer_id")),
    "iris": ("species", "multiclass", ()),
    "diabetes": ("disease_progression", "regression", ()),
    "penguins": ("species", "multiclass", ()),
}


@pytest.fixture(scope="module")
def tables():
    raws = {key: load_sample(key) for key in CASES if key != "churn"}
    raws["churn"] = make_churn_dataset(n_rows=400, seed=3)
    return {
        key: prepare_table(raw, DataSection(), target=CASES[key][0]) for key, raw in raws.items()
    }


def _random_recipe(rng: random.Random, table, target: str, task: str, excluded) -> Recipe:
    numeric = [c.name for c in table.columns if c.kind.value == "numeric" and c.name != target]

    def some() -> tuple[str, ...]:
        return tuple(rng.sample(numeric, rng.randint(0, min(2, len(numeric)))))

    logs = some()
    cleaning = CleaningSection(
        drop_duplicates=rng.random() < 0.5,
        text_normalisation=rng.choice(["none", "trim", "trim_lower"]),
        numeric_imputation=rng.choice(NUMERIC_IMPUTATIONS),
        categorical_imputation=rng.choice(CATEGORICAL_IMPUTATIONS),
        missing_indicators=rng.random() < 0.3,
        max_missing_share=rng.choice([None, 0.1, 0.5]),
        outliers=rng.choice(["none", "clip_iqr", "clip_quantile", "drop_train_rows"]),
        rare_category_share=rng.choice([None, 0.05, 0.3]),
    )
    features = FeaturesSection(
        scaling=rng.choice(["auto", "standard", "minmax", "robust", "none"]),
        encoding=rng.choice(["onehot", "ordinal", "target"]),
        max_onehot_levels=rng.choice([2, 5, 20]),
        date_parts=tuple(rng.sample(DATE_PARTS, rng.randint(0, 3))),
        log_columns=logs,
        bin_columns=tuple(c for c in some() if c not in logs),
        text=rng.choice(["tfidf", "exclude"]),
        variance_threshold=rng.choice([None, 0.0, 0.5]),
        selection=rng.choice(["none", "f_test", "mutual_info", "l1", "tree"]),
        selection_k=rng.choice([1, 3, 10]),
        reduction=rng.choice(["none", "pca"]),
        imbalance=rng.choice(["none", "class_weight", "oversample", "undersample", "smote"])
        if task != "regression"
        else "none",
    )
    problem = ProblemSection(target=target, task=task, exclude_columns=excluded)
    return Recipe(problem=problem, cleaning=cleaning, features=features)


@pytest.mark.parametrize("seed", range(40))
def test_random_choices_preview_or_explain(tables, seed: int) -> None:
    rng = random.Random(seed)
    key = rng.choice(sorted(CASES))
    target, task, excluded = CASES[key]
    recipe = _random_recipe(rng, tables[key], target, task, excluded)
    data = training_data(tables[key], recipe)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter is not what this test is about
        try:
            preview = fit_preview(recipe, data)
        except ModelPathError as exc:
            problem = exc
        else:
            problem = None
    if problem is not None:
        assert problem.what
        assert problem.fix
        return
    assert preview.shape[1] == len(preview.feature_names) > 0
    effects = cleaning_effects(data, preview)
    assert set(effects.columns["column"]) == set(data.X_train.columns)
