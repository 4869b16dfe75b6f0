"""Tests for core.learn.glossary: the glossary is sorted and read-only, terms are looked up by key,
and texts link to them (the terms' own consistency is tested in test_glossary_terms)."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from core.errors import ModelPathError
from core.learn import GLOSSARY, LESSONS, Term, find_terms, search_terms, term

TERMS = list(GLOSSARY.values())
KEYS = list(GLOSSARY)


def _keys(text: str) -> list[str]:
    return [t.key for t in find_terms(text)]


def test_sorted_by_name() -> None:
    names = [t.name for t in TERMS]
    assert names == sorted(names, key=lambda n: unicodedata.normalize("NFKD", n).casefold())


def test_glossary_is_read_only() -> None:
    with pytest.raises(TypeError):
        GLOSSARY["new"] = TERMS[0]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TERMS[0].definition = ""  # type: ignore[misc]


def test_term_returns_the_entry() -> None:
    assert term("overfitting") is GLOSSARY["overfitting"]
    assert term("roc_auc").name == "ROC-AUC"


@pytest.mark.parametrize(
    ("key", "suggested"),
    [
        pytest.param("overfiting", "overfitting", id="typo"),
        pytest.param("ROC-AUC", "roc_auc", id="name-instead-of-key"),
        pytest.param("leakage", "data_leakage", id="alias-instead-of-key"),
        pytest.param("Precision", "precision", id="wrong-case"),
    ],
)
def test_term_unknown_key_lists_close_matches(key: str, suggested: str) -> None:
    with pytest.raises(ModelPathError) as caught:
        term(key)
    assert repr(key) in caught.value.message
    assert repr(suggested) in caught.value.message


def test_term_with_nothing_close_still_explains() -> None:
    with pytest.raises(ModelPathError) as caught:
        term("zzzzzzzz")
    assert "no key is close" in caught.value.message.casefold()


def test_find_terms_in_a_sentence_in_order_each_once() -> None:
    text = (
        "Overfitting shows as a gap; ROC-AUC judges the ranking, and overfitting again "
        "hurts the ROC-AUC on new rows."
    )
    assert _keys(text) == ["overfitting", "roc_auc", "new_rows"]


def test_find_terms_is_case_insensitive_and_finds_aliases_and_plurals() -> None:
    text = "We tuned the HYPERPARAMETERS with CV on 5 folds, after SMOTE and leakage checks."
    assert _keys(text) == ["hyperparameter", "cross_validation", "fold", "smote", "data_leakage"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("She recalled the meeting.", "recall", id="recalled"),
        pytest.param("It was measured precisely.", "precision", id="precisely"),
        pytest.param("A targeted campaign.", "target", id="targeted"),
        pytest.param("The F16 jet and the F1000 model.", "f1", id="f16"),
        pytest.param("Our scaffolding is ready.", "fold", id="scaffolding"),
        pytest.param("The customer_id column.", "identifier", id="inside-a-name"),
        pytest.param("An unpipelined job.", "pipeline", id="prefix"),
    ],
)
def test_find_terms_matches_whole_words_only(text: str, absent: str) -> None:
    assert absent not in _keys(text)


def test_find_terms_prefers_the_longest_phrase() -> None:
    assert _keys("Balanced accuracy beats plain accuracy here.") == [
        "balanced_accuracy",
        "accuracy",
    ]
    assert _keys("PR-AUC is honest when positives are rare.") == ["pr_auc"]
    assert _keys("Average precision and precision differ.") == ["pr_auc", "precision"]


def test_find_terms_handles_punctuation_around_terms() -> None:
    assert _keys("(F1), R², and one-hot.") == ["f1", "r2", "one_hot_encoding"]
    assert _keys("Save it as .skops, never as a pickle!") == ["model_file", "pickle"]


def test_find_terms_of_plain_text_is_empty() -> None:
    assert find_terms("") == []
    assert find_terms("The weather is nice today.") == []


@pytest.mark.parametrize("key", list(LESSONS))
def test_every_lesson_mentions_a_glossary_term(key: str) -> None:
    lesson = LESSONS[key]
    assert find_terms(" ".join((lesson.title, lesson.what, lesson.why, lesson.mistake)))


@pytest.mark.parametrize("entry", TERMS, ids=KEYS)
def test_find_terms_finds_each_term_by_its_name(entry: Term) -> None:
    assert entry in find_terms(f"Here we talk about {entry.name} for a while.")


def test_search_terms_puts_name_matches_first() -> None:
    found = search_terms("precision")
    keys = [t.key for t in found]
    # "Precision" by name, PR-AUC by alias ("average precision"), then definitions.
    assert keys[0] == "precision"
    assert keys.index("pr_auc") < keys.index("f1")
    assert "f1" in keys  # its definition mentions precision


def test_search_terms_is_case_insensitive_and_searches_definitions() -> None:
    assert search_terms("OVERFIT")[0].key == "overfitting"
    assert "pipeline" in [t.key for t in search_terms("training rows only")]


def test_search_terms_blank_returns_everything_and_nonsense_nothing() -> None:
    assert search_terms("  ") == TERMS
    assert search_terms("qwertyuiop") == []
