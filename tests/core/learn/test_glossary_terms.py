"""Tests for the glossary's terms as data (core.learn._glossary_*_terms, gathered in GLOSSARY):
every required term is there, keys, names and aliases are unique, related keys exist, and
definitions and examples are sentences."""

from __future__ import annotations

import pytest

from core.learn import GLOSSARY, Term

TERMS = list(GLOSSARY.values())
KEYS = list(GLOSSARY)

# The brief's list: each must be a term, by name or alias (case-insensitive).
REQUIRED = [
    "overfitting",
    "underfitting",
    "data leakage",
    "leakage",
    "stratification",
    "regularisation",
    "ROC-AUC",
    "precision",
    "recall",
    "F1",
    "accuracy",
    "balanced accuracy",
    "baseline",
    "cross-validation",
    "fold",
    "hyperparameter",
    "learning curve",
    "validation curve",
    "train/test split",
    "test set",
    "imputation",
    "one-hot encoding",
    "target encoding",
    "scaling",
    "standardisation",
    "feature",
    "target",
    "class imbalance",
    "SMOTE",
    "confusion matrix",
    "threshold",
    "calibration",
    "log loss",
    "RMSE",
    "MAE",
    "R²",
    "residual",
    "permutation importance",
    "pipeline",
    "feature selection",
    "PCA",
    "bias–variance trade-off",
    "grid search",
    "random search",
    "successive halving",
    "outlier",
    "data drift",
    "log transform",
    "model file",
    "skops",
    "pickle",
]


def _phrase_owner() -> dict[str, str]:
    return {p.casefold(): t.key for t in TERMS for p in (t.name, *t.aliases)}


def test_at_least_forty_terms() -> None:
    assert len(GLOSSARY) >= 40


@pytest.mark.parametrize("phrase", REQUIRED)
def test_required_term_is_present(phrase: str) -> None:
    assert phrase.casefold() in _phrase_owner()


def test_keys_match_entries_and_are_unique() -> None:
    assert all(key == entry.key for key, entry in GLOSSARY.items())
    assert len(set(KEYS)) == len(TERMS)


def test_names_are_unique_ignoring_case() -> None:
    names = [t.name.casefold() for t in TERMS]
    assert len(set(names)) == len(names)


def test_aliases_do_not_collide_with_other_terms() -> None:
    names = {t.name.casefold(): t.key for t in TERMS}
    seen: dict[str, str] = {}
    for entry in TERMS:
        for alias in entry.aliases:
            folded = alias.casefold()
            assert names.get(folded, entry.key) == entry.key, (entry.key, alias)
            assert seen.setdefault(folded, entry.key) == entry.key, (entry.key, alias)


@pytest.mark.parametrize("entry", TERMS, ids=KEYS)
def test_related_keys_exist_and_are_not_self(entry: Term) -> None:
    for key in entry.related:
        assert key in GLOSSARY, key
        assert key != entry.key
    assert len(set(entry.related)) == len(entry.related)


@pytest.mark.parametrize("entry", TERMS, ids=KEYS)
def test_definition_and_example_are_sentences(entry: Term) -> None:
    for part in (entry.definition, entry.example):
        assert part.strip()
        assert part.endswith(".")
        assert part == part.strip()
    assert entry.name.strip() == entry.name
    assert all(alias.strip() == alias and alias for alias in entry.aliases)
