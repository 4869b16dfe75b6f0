"""Tests for core.understand.leakage through core.understand.findings: leaks that only several
columns give away together are found and named; honest data (bundled datasets, the samples) raises
no leakage finding at all, single or combined.

(``tests/core/prepare/test_leak_proof.py`` proves the *pipeline* leak-free; this file is about
leaks in
the data.)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from core.data import load_sample, prepare_table
from core.recipe import DataSection
from core.understand import (
    LEAKAGE_CODES,
    Finding,
    Severity,
    find_combination_leak,
    find_issues,
    infer_task,
    leakage_columns,
    leakage_reasons,
)

N = 1_500


def _issues(frame: pd.DataFrame, target: str, task: str, exclude=()) -> tuple[Finding, ...]:
    table = prepare_table(frame, DataSection(), target=target)
    return find_issues(table, target=target, task=task, exclude=exclude)


def _leaks(findings) -> list[Finding]:
    return [f for f in findings if f.code in LEAKAGE_CODES]


def _combined(findings) -> Finding:
    (finding,) = [f for f in findings if f.code == "leakage_combination"]
    return finding


def _fee_frame(seed: int = 0) -> pd.DataFrame:
    """total = a + b + price + a fee of 3.30 (5.00 on one row in a thousand)."""
    rng = np.random.default_rng(seed)
    a, b = rng.gamma(2, 20, N).round(2), rng.gamma(2, 10, N).round(2)
    price = rng.gamma(3, 30, N).round(2)
    fee = np.where(np.arange(N) % 1000 == 7, 5.0, 3.3)
    return pd.DataFrame(
        {
            "a": a,
            "b": b,
            "total": a + b + price + fee,
            "weight": rng.normal(10, 2, N),
            "price": price,
        }
    )


def _sum_frame(seed: int = 1) -> pd.DataFrame:
    """A column equal to the target plus another column plus a constant."""
    rng = np.random.default_rng(seed)
    y, other = rng.normal(100, 15, N), rng.normal(40, 10, N)
    return pd.DataFrame(
        {"other": other, "sum": y + other + 12.0, "noise": rng.normal(size=N), "y": y}
    )


def _pair_frame(seed: int = 2) -> pd.DataFrame:
    """Two readings whose difference is the class: neither tells it alone."""
    rng = np.random.default_rng(seed)
    before = rng.normal(70, 10, N)
    after = before + rng.normal(0, 5, N)
    return pd.DataFrame(
        {
            "before": before,
            "after": after,
            "age": rng.normal(40, 10, N),
            "y": pd.Series(np.where(after > before, "gained", "lost"), dtype="str"),
        }
    )


def _xor_frame(seed: int = 3) -> pd.DataFrame:
    """Two categories whose combination is the class (an exclusive or)."""
    rng = np.random.default_rng(seed)
    plan, region = rng.choice(["basic", "pro"], N), rng.choice(["north", "south"], N)
    label = np.where((plan == "pro") ^ (region == "south"), "yes", "no")
    return pd.DataFrame(
        {
            "plan": pd.Series(plan, dtype="str"),
            "region": pd.Series(region, dtype="str"),
            "age": rng.normal(40, 10, N),
            "y": pd.Series(label, dtype="str"),
        }
    )


# --- regression --------------------------------------------------------------------------------


def test_find_issues_target_rebuilt_from_columns_names_them_and_the_relation() -> None:
    finding = _combined(_issues(_fee_frame(), "price", "regression"))
    assert finding.columns == ("total", "a", "b")
    assert "‘price’ ≈ ‘total’ − ‘a’ − ‘b’ − 3.30 on 99.9% of rows" in finding.detail


def test_find_issues_target_rebuilt_is_critical_with_no_single_column() -> None:
    finding = _combined(_issues(_fee_frame(), "price", "regression"))
    assert (finding.severity, finding.column) == (Severity.CRITICAL, None)


def test_find_issues_target_rebuilt_no_single_column_is_flagged() -> None:
    findings = _issues(_fee_frame(), "price", "regression")
    assert [f.code for f in _leaks(findings)] == ["leakage_combination"]


def test_find_issues_target_plus_column_plus_constant_is_flagged() -> None:
    finding = _combined(_issues(_sum_frame(), "y", "regression"))
    assert set(finding.columns) == {"sum", "other"}
    assert "‘y’ ≈ ‘sum’ − ‘other’ − 12.00" in finding.detail


def test_find_issues_combination_asks_whether_columns_are_known_before_outcome() -> None:
    finding = _combined(_issues(_sum_frame(), "y", "regression"))
    assert "known before the outcome happens" in finding.action


def test_leakage_reasons_give_a_combinations_columns_one_reason_with_the_relation() -> None:
    reasons = leakage_reasons(_issues(_sum_frame(), "y", "regression"), target="y")
    assert reasons["sum"] == reasons["other"]
    assert reasons["sum"].startswith("‘sum’ and ‘other’ together rebuild ‘y’: ‘y’ ≈ ‘sum’")


def test_find_issues_excluded_column_breaks_the_combination() -> None:
    findings = _issues(_sum_frame(), "y", "regression", exclude=("sum",))
    assert leakage_columns(findings, target="y") == ()
    left_out = [f for f in findings if f.code == "leakage_combination"]
    assert [f.severity for f in left_out] == [Severity.INFO]
    assert "‘sum’ left out of the features" in left_out[0].title


def test_find_issues_many_noise_columns_do_not_fit_a_target() -> None:
    # 60 noise columns on 150 rows: an in-sample least-squares fit explains ~40 % of the
    # target; the held-out judgement must not call it rebuilt.
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(rng.normal(size=(150, 60)), columns=[f"x{i}" for i in range(60)])
    findings = _issues(frame.assign(y=rng.normal(size=150)), "y", "regression")
    assert _leaks(findings) == []


def test_find_issues_combination_skips_a_flagged_single_column_leak() -> None:
    rng = np.random.default_rng(5)
    y = rng.normal(size=N)
    frame = pd.DataFrame({"y_copy": 3 * y + 1, "x": rng.normal(size=N), "y": y})
    findings = _issues(frame, "y", "regression")
    assert [f.code for f in _leaks(findings)] == ["leakage_suspect"]


# --- classification ----------------------------------------------------------------------------


def test_find_issues_pair_separating_classes_only_together_names_both() -> None:
    finding = _combined(_issues(_pair_frame(), "y", "binary"))
    assert set(finding.columns) == {"before", "after"}


def test_find_issues_pair_leak_says_score_and_best_single_score() -> None:
    finding = _combined(_issues(_pair_frame(), "y", "binary"))
    best_alone = re.search(
        r"under cross-validation, though neither alone passes (0\.\d\d)\.", finding.detail
    )
    assert finding.value >= 0.99
    assert float(best_alone.group(1)) < 0.9


def test_find_issues_two_categories_together_giving_the_class_are_flagged() -> None:
    finding = _combined(_issues(_xor_frame(), "y", "binary"))
    assert set(finding.columns) == {"plan", "region"}


def test_find_issues_noisy_copy_of_the_class_is_a_single_column_leak() -> None:
    rng = np.random.default_rng(6)
    y = rng.choice(["yes", "no"], N)
    noisy = np.where(rng.random(N) < 0.01, np.where(y == "yes", "no", "yes"), y)
    frame = pd.DataFrame(
        {"copy": pd.Series(noisy, dtype="str"), "age": rng.normal(40, 10, N), "y": y}
    )
    leaks = _leaks(_issues(frame.astype({"y": "str"}), "y", "binary"))
    assert [(f.code, f.columns) for f in leaks] == [("leakage_suspect", ("copy",))]


def test_find_combination_leak_is_deterministic_for_a_seed() -> None:
    table = prepare_table(_pair_frame(), DataSection(), target="y")
    scores = [("after", 0.7, "balanced accuracy"), ("before", 0.5, "balanced accuracy")]
    first = find_combination_leak(table, "y", "binary", single_scores=scores, seed=3)
    assert first == find_combination_leak(table, "y", "binary", single_scores=scores, seed=3)


# --- no false alarms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "left_out"),
    [
        pytest.param("iris", (), id="iris"),
        pytest.param("wine", (), id="wine"),
        pytest.param("breast_cancer", (), id="breast-cancer"),
        pytest.param("diabetes", (), id="diabetes"),
        pytest.param("penguins", (), id="penguins"),
        pytest.param("churn", ("cancellation_reason",), id="churn-without-its-planted-leak"),
    ],
)
def test_find_issues_no_leakage_on_honest_samples(sample: str, left_out: tuple) -> None:
    frame = load_sample(sample).drop(columns=list(left_out))
    target = {"iris": "species", "wine": "cultivar", "breast_cancer": "diagnosis"}.get(
        sample, {"diabetes": "disease_progression", "penguins": "species"}.get(sample, "churned")
    )
    table = prepare_table(frame, DataSection(), target=target)
    task = infer_task(table.frame[target], table.info(target)).task
    assert _leaks(find_issues(table, target=target, task=task)) == []


def test_find_issues_names_only_the_columns_that_carry_the_relation() -> None:
    # 'weight' predicts the price best on its own, so a greedy search picks it first; once
    # total, shipping and tax rebuild the price it adds nothing and must not be named (nor
    # left out by default: it is the honest predictor). The fee shows as the constant.
    rng = np.random.default_rng(12)
    n = 1500
    weight = rng.gamma(2, 0.4, n)
    price = (3000 * weight**1.6 + rng.normal(0, 400, n)).clip(300).round(0)
    shipping, tax = rng.gamma(1.5, 2500, n).round(2), rng.gamma(1.2, 1500, n).round(2)
    total = price + shipping + tax + (3.30 + rng.normal(0, 0.01, n)).round(2)
    frame = pd.DataFrame(
        {"weight": weight, "shipping": shipping, "tax": tax, "total": total, "price": price}
    )
    finding = _combined(_issues(frame, "price", "regression"))
    assert set(finding.columns) == {"total", "shipping", "tax"}
    assert "‘price’ ≈ ‘total’ − ‘shipping’ − ‘tax’ − 3.30" in finding.detail
