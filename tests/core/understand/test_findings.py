"""Tests for core.understand.findings: each planted problem is found, named and measured; honest
data is not accused of leakage; a clean table raises nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_iris

from core.understand import (
    Finding,
    Severity,
    find_issues,
    leakage_columns,
    spelling_variants,
    suggested_exclusions,
)
from tests.core.understand.findings_frames import N, _clean, _table, _text, _threshold_frame, _with

_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _issues(frame: pd.DataFrame, target=None, task=None, exclude=()) -> tuple[Finding, ...]:
    return find_issues(_table(frame, target), target=target, task=task, exclude=exclude)


def _gaps(share: float) -> np.ndarray:
    values = np.random.default_rng(1).normal(size=N)
    values[: int(share * N)] = np.nan
    return values


def _mixed_numbers(n_bad: int) -> pd.Series:
    values = [str(v) for v in np.random.default_rng(2).integers(0, 20, N)]
    values[:n_bad] = ["abc"] * n_bad
    return _text(values)


def _with_duplicates(n_copies: int) -> pd.DataFrame:
    return pd.concat([_clean(), _clean().iloc[:n_copies]], ignore_index=True)


def _rare_class_frame() -> pd.DataFrame:
    # 50 rows (not "few"), 3 classes; "c" has 9 rows: rare, yet 18 % is above half of the fair
    # third, so the target is not "imbalanced".
    frame = _clean(50)
    frame["y"] = _text(["a"] * 21 + ["b"] * 20 + ["c"] * 9)
    return frame


def _missing_target_frame() -> pd.DataFrame:
    y = np.random.default_rng(3).normal(size=N)
    y[:20] = np.nan
    return _with(y=y)


# ---------------------------------------------------------------------------------------------
# One planted problem → exactly one finding, with its column and number
# ---------------------------------------------------------------------------------------------


def _case(frame, code, column, value=None, *, target=None, task=None):
    return pytest.param(frame, target, task, code, column, value, id=code)


def _inconsistent_city() -> pd.Series:
    spellings = ["Paris", "paris", "Lyon", " Lyon", "Nice"]
    return _text(np.random.default_rng(5).choice(spellings, N))


@pytest.mark.parametrize(
    ("frame", "target", "task", "code", "column", "value"),
    [
        _case(_with(country=_text(["FR"] * N)), "constant_column", "country", 1.0),
        _case(_with(notes=_text([None] * N)), "empty_column", "notes", 1.0),
        _case(_with(m=_gaps(0.4)), "high_missing", "m", 0.4),
        _case(_with(m=_gaps(0.1)), "some_missing", "m", 0.1),
        _case(_with(customer_id=_text(f"C{i:05d}" for i in range(N))), "identifier", "customer_id"),
        _case(
            _with(street=_text(f"st {i % 80}" for i in range(N))), "high_cardinality", "street", 80
        ),
        _case(_with_duplicates(7), "duplicate_rows", None, 7),
        _case(_with(amount=np.random.default_rng(4).lognormal(0, 1.5, N)), "heavy_skew", "amount"),
        _case(
            _with(y=_text(["no"] * 270 + ["yes"] * 30)),
            "imbalanced_target",
            "y",
            0.1,
            target="y",
            task="binary",
        ),
        _case(_with(reading=_mixed_numbers(10)), "mixed_types", "reading", 10.0),
        _case(_with(city=_inconsistent_city()), "inconsistent_categories", "city", 2.0),
        _case(_rare_class_frame(), "rare_class", "y", 9.0, target="y", task="multiclass"),
        _case(_missing_target_frame(), "missing_target", "y", 20.0, target="y", task="regression"),
        _case(_clean(30), "few_rows", None, 30.0),
    ],
)
def test_find_issues_planted_problem_gives_exactly_its_finding(
    frame, target, task, code, column, value
) -> None:
    findings = _issues(frame, target, task)
    assert [f.code for f in findings] == [code]
    assert findings[0].column == column
    if value is not None:
        assert findings[0].value == pytest.approx(value)


def test_find_issues_mixed_types_for_mostly_numbers_kept_as_text() -> None:
    # 80 % numbers: the column stays categorical ("Mixed: ...") and nothing is lost.
    (finding,) = _issues(_with(reading=_mixed_numbers(60)))
    assert (finding.code, finding.column, finding.value) == ("mixed_types", "reading", None)
    assert finding.detail.startswith("Mixed: 80%")


def test_find_issues_heavy_skew_value_is_the_skewness() -> None:
    amount = np.random.default_rng(4).lognormal(0, 1.5, N)
    (finding,) = _issues(_with(amount=amount))
    assert finding.value == pytest.approx(pd.Series(amount).skew())
    assert finding.value > 2


def test_find_issues_imbalanced_target_title_names_class_and_share() -> None:
    (finding,) = _issues(_with(y=_text(["no"] * 270 + ["yes"] * 30)), "y", "binary")
    assert "'yes'" in finding.title
    assert "10.0%" in finding.title


def test_find_issues_duplicate_rows_title_gives_count_and_share() -> None:
    (finding,) = _issues(_with_duplicates(30))
    assert finding.title == "30 duplicate rows (9.1%)"


@pytest.mark.parametrize(
    ("finding_code", "severity"),
    [
        pytest.param("some_missing", Severity.INFO, id="some_missing-info"),
        pytest.param("high_missing", Severity.WARNING, id="high_missing-warning"),
    ],
)
def test_find_issues_missing_severity(finding_code: str, severity: Severity) -> None:
    share = 0.1 if finding_code == "some_missing" else 0.4
    (finding,) = _issues(_with(m=_gaps(share)))
    assert (finding.code, finding.severity) == (finding_code, severity)


# ---------------------------------------------------------------------------------------------
# Leakage
# ---------------------------------------------------------------------------------------------


def _copied_category_frame() -> pd.DataFrame:
    y = np.random.default_rng(6).choice(["yes", "no"], N)
    return _with(y=_text(y), status=_text(np.where(y == "yes", "closed", "open")))


def _linear_copy_frame() -> pd.DataFrame:
    y = np.random.default_rng(7).normal(size=N)
    return _with(y=y, y_in_cents=3.0 * y + 7.0)


@pytest.mark.parametrize(
    ("frame", "task", "column"),
    [
        pytest.param(_copied_category_frame(), "binary", "status", id="category-copies-target"),
        pytest.param(_linear_copy_frame(), "regression", "y_in_cents", id="linear-copy"),
        pytest.param(_threshold_frame(), "binary", "risk_score", id="numeric-threshold"),
    ],
)
def test_find_issues_leakage_suspect(frame: pd.DataFrame, task: str, column: str) -> None:
    findings = _issues(frame, "y", task)
    assert [f.code for f in findings] == ["leakage_suspect"]
    (finding,) = findings
    assert finding.column == column
    assert finding.severity is Severity.CRITICAL
    assert finding.value >= 0.98
    assert f"{column!r} alone predicts 'y'" in finding.title


def test_find_issues_an_excluded_leak_is_named_as_left_out_not_as_a_suspect() -> None:
    findings = _issues(_threshold_frame(), "y", "binary", exclude=("risk_score",))
    (finding,) = findings
    assert finding.code == "leakage_suspect"
    assert finding.severity is Severity.INFO
    assert finding.title.endswith("left out of the features")
    assert leakage_columns(findings, target="y") == ()


def _iris() -> pd.DataFrame:
    frame = load_iris(as_frame=True).frame
    names = {0: "setosa", 1: "versicolor", 2: "virginica"}
    return frame.assign(target=frame["target"].map(names).astype("str"))


def _breast_cancer() -> pd.DataFrame:
    frame = load_breast_cancer(as_frame=True).frame
    return frame.assign(target=frame["target"].map({0: "malignant", 1: "benign"}).astype("str"))


@pytest.mark.parametrize(
    ("load", "task"),
    [
        pytest.param(_iris, "multiclass", id="iris"),
        pytest.param(_breast_cancer, "binary", id="breast-cancer"),
    ],
)
def test_find_issues_no_leakage_on_honest_data(load, task: str) -> None:
    findings = _issues(load(), "target", task)
    assert "leakage_suspect" not in {f.code for f in findings}
    assert all(f.severity is not Severity.CRITICAL for f in findings)


def test_find_issues_clean_frame_has_no_findings() -> None:
    y = np.random.default_rng(9).choice(["yes", "no"], N)
    assert _issues(_with(y=_text(y)), "y", "binary") == ()


def test_find_issues_clean_frame_without_target_has_no_findings() -> None:
    assert _issues(_clean()) == ()


def test_find_issues_sorted_critical_warning_info() -> None:
    frame = _threshold_frame()
    frame["m"] = _gaps(0.1)  # info
    frame["country"] = _text(["FR"] * N)  # warning
    findings = _issues(frame, "y", "binary")
    assert [f.severity for f in findings] == [Severity.CRITICAL, Severity.WARNING, Severity.INFO]
    assert [f.code for f in findings] == ["leakage_suspect", "constant_column", "some_missing"]


def test_find_issues_sorted_on_sample_with_many_findings() -> None:
    from core.data import load_sample

    findings = _issues(load_sample("churn"))
    ranks = [_RANK[f.severity] for f in findings]
    assert len(findings) >= 3
    assert ranks == sorted(ranks)


def test_find_issues_target_is_not_reported_as_a_feature_column() -> None:
    # A 40 %-missing target is a target problem (missing_target), not a high_missing column.
    y = np.random.default_rng(10).normal(size=N)
    y[: int(0.4 * N)] = np.nan
    findings = _issues(_with(y=y), "y", "regression")
    assert [f.code for f in findings] == ["missing_target"]


def test_finding_to_dict_is_json_ready() -> None:
    (finding,) = _issues(_with(m=_gaps(0.4)))
    assert finding.to_dict() == {
        "code": "high_missing",
        "severity": "warning",
        "column": "m",
        "title": finding.title,
        "detail": finding.detail,
        "action": finding.action,
        "value": 0.4,
        "columns": ["m"],
    }


def test_leakage_columns_names_every_leak_column_but_the_target() -> None:
    single = Finding("leakage_suspect", Severity.CRITICAL, "a", "t", "d", "x")
    combined = Finding(
        "leakage_combination", Severity.CRITICAL, None, "t", "d", "x", columns=("c", "b", "y")
    )
    other = Finding("identifier", Severity.WARNING, "id", "t", "d", "x")
    assert leakage_columns([single, combined, other], target="y") == ("a", "b", "c")


# ---------------------------------------------------------------------------------------------
# spelling_variants, suggested exclusions, identifiers and presence leaks
# ---------------------------------------------------------------------------------------------


def test_spelling_variants_groups_case_and_space_differences() -> None:
    column = _text(
        ["Paris"] * 5
        + ["paris"] * 2
        + ["Lyon"] * 4
        + [" Lyon"]
        + ["New  York"] * 2
        + ["new york"]
        + ["Nice"]
    )
    assert spelling_variants(column) == [
        ["Paris", "paris"],
        ["Lyon", " Lyon"],
        ["New  York", "new york"],
    ]


def test_find_issues_leakage_in_column_filled_only_for_one_class() -> None:
    y = np.random.default_rng(11).choice(["yes", "no"], N)
    frame = _with(y=_text(y), cancel_reason=_text(np.where(y == "yes", "moved", None)))
    found = {(f.code, f.column) for f in _issues(frame, "y", "binary")}
    assert ("leakage_suspect", "cancel_reason") in found


def test_suggested_exclusions_names_ids_leaks_and_constants_not_the_target() -> None:
    from core.understand import Finding, Severity, suggested_exclusions

    def finding(code: str, column: str | None) -> Finding:
        return Finding(code, Severity.WARNING, column, "t", "d", "a")

    findings = [
        finding("identifier", "id"),
        finding("leakage_suspect", "reason"),
        finding("constant_column", "flag"),
        finding("empty_column", "blank"),
        finding("heavy_skew", "income"),
        finding("duplicate_rows", None),
        finding("identifier", "y"),
    ]
    assert suggested_exclusions(findings, target="y") == ["blank", "flag", "id", "reason"]


def _passengers() -> pd.DataFrame:
    """A passenger list: a name per row and ticket codes that most rows do not share."""
    rng = np.random.default_rng(11)
    names = [f"Palsson, Mr. Karl {chr(65 + i % 26)}{i // 26}" for i in range(N)]
    numbers = rng.integers(10_000, 3_000_000, N).astype(str)
    tickets = np.where(rng.random(N) < 0.25, np.char.add("PC ", numbers), numbers)
    tickets[::8] = tickets[1::8]  # some rows share a ticket
    return _with(Name=_text(names), Ticket=_text(tickets))


def test_find_issues_names_and_ticket_codes_are_identifiers() -> None:
    found = {(f.code, f.column) for f in _issues(_passengers())}
    assert {("identifier", "Name"), ("identifier", "Ticket")} <= found


def test_find_issues_ticket_codes_are_not_called_mixed_numbers_and_text() -> None:
    assert "mixed_types" not in {f.code for f in _issues(_passengers())}


def test_suggested_exclusions_include_names_and_ticket_codes() -> None:
    findings = _issues(_passengers(), "age", "regression")
    assert {"Name", "Ticket"} <= set(suggested_exclusions(findings, target="age"))


def test_find_issues_mixed_codes_action_never_suggests_numbers() -> None:
    # Short numbers: not long enough to be called ID codes, but 100 % distinct all the same.
    codes = _text([f"PC {i}" for i in range(120)] + [str(i) for i in range(100, 100 + N - 120)])
    (finding,) = [f for f in _issues(_with(code=codes)) if f.code == "mixed_types"]
    assert "numeric" not in finding.action
    assert "Keep it as text" in finding.action


def _lifeboats(filled_for_died: int = 0) -> pd.DataFrame:
    """'boat' is written for 90 % of survivors (and for ``filled_for_died`` others)."""
    rng = np.random.default_rng(8)
    survived = rng.random(400) < 0.4
    boat = np.where(survived & (rng.random(400) < 0.9), rng.integers(1, 16, 400), np.nan)
    died = np.flatnonzero(~survived)[:filled_for_died]
    boat[died] = 3
    return pd.DataFrame(
        {"age": rng.normal(30, 10, 400), "boat": boat, "survived": survived.astype(int)}
    )


def test_find_issues_a_column_filled_only_for_one_class_is_a_leak() -> None:
    # Alone it scores about 0.95 balanced accuracy (empty for a tenth of survivors): below the
    # single-column bar, but being filled is a record of the outcome.
    findings = _issues(_lifeboats(), "survived", "binary")
    (leak,) = [f for f in findings if f.code == "leakage_suspect"]
    assert leak.column == "boat"
    assert leak.severity is Severity.CRITICAL
    assert "100% of them have 'survived' = 1" in leak.detail
    assert leakage_columns(findings, target="survived") == ("boat",)


def test_find_issues_a_column_filled_for_both_classes_is_not_a_presence_leak() -> None:
    findings = _issues(_lifeboats(filled_for_died=40), "survived", "binary")
    assert not [f for f in findings if f.code == "leakage_suspect"]
