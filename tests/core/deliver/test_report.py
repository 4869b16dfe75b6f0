"""Tests of core.deliver.report: the self-contained HTML project report."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import datetime
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs
from sklearn.datasets import load_iris

import core.deliver.report as report_module
from core.data import prepare_table
from core.deliver import SECTIONS, ReportInputs, render_report, report_file_name
from core.evaluate import (
    TrainedModel,
    diagnose,
    learning_curve,
    permutation_importance_by_column,
    train_and_evaluate,
)
from core.model import Budget, plan_folds, scoring_for
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import find_issues
from tests.core.split_data import recipe_and_data

SEED = 7
N = 240
NOW = datetime(2026, 3, 1, 12, 30)
EVIL = "<script>alert(1)</script>"
EVIL_CLASS = "</script><script>alert(2)</script>"
EXTERNAL = ('src="http', "src='http", 'href="http', "href='http", "@import", "cdn")


def _frame(task: str, *, seed: int = SEED, n: int = N) -> pd.DataFrame:
    """Two informative numbers, one noise column, one category and a noisy target."""
    rng = np.random.default_rng(seed)
    a = rng.normal(5.0, 2.0, size=n)
    b = rng.normal(-3.0, 1.0, size=n)
    frame = pd.DataFrame(
        {"a": a, "b": b, "c": rng.normal(size=n), "colour": rng.choice(["red", "blue"], n)}
    )
    signal = 2 * a - b + rng.normal(scale=1.5, size=n)
    if task == "regression":
        frame["y"] = signal
    else:
        frame["y"] = np.where(signal > np.median(signal), "yes", "no")
    return frame


def _train(
    frame: pd.DataFrame, task: str, algorithm: str, **sections
) -> tuple[Recipe, TrainingData, TrainedModel]:
    recipe, data = recipe_and_data(frame, task=task, validation={"folds": 4}, **sections)
    recipe = recipe.with_section(recipe.model.with_changes(algorithm=algorithm))
    plan = plan_folds(data, recipe)
    return recipe, data, train_and_evaluate(data, recipe, plan, n_jobs=1)


def _full_inputs(frame: pd.DataFrame, task: str, algorithm: str, **kwargs) -> ReportInputs:
    """Inputs with findings, a learning curve, a diagnosis and permutation importance."""
    _, data, trained = _train(frame, task, algorithm)
    plan = plan_folds(data, trained.recipe)
    curve = learning_curve(data, trained.recipe, plan, fractions=(0.5, 1.0), n_jobs=1)
    diagnosis = diagnose(trained.cv, trained.baseline_cv, trained.recipe, curve=curve)
    importance = permutation_importance_by_column(
        trained.final.pipeline,
        data.X_test,
        data.y_test,
        scoring_for(trained.recipe, data.y_train),
        n_repeats=2,
    )
    findings = find_issues(data.clean.table, target="y", task=task)
    return ReportInputs(
        trained=trained,
        data=data,
        dataset_label=kwargs.pop("dataset_label", f"{task}.csv"),
        load_summary="Read as csv with encoding utf-8.",
        findings=findings,
        diagnosis=diagnosis,
        curve=curve,
        importance=importance,
        **kwargs,
    )


@pytest.fixture(scope="module")
def binary() -> ReportInputs:
    return _full_inputs(_frame("binary"), "binary", "logistic_regression", note="First try.")


@pytest.fixture(scope="module")
def multiclass() -> ReportInputs:
    iris = load_iris(as_frame=True)
    frame = iris.data.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    frame["y"] = iris.target_names[iris.target]
    # Ridge classifies without probabilities, so the multiclass ROC curve cannot be drawn.
    return _full_inputs(frame, "multiclass", "ridge")


@pytest.fixture(scope="module")
def regression() -> ReportInputs:
    return _full_inputs(_frame("regression"), "regression", "ridge")


@pytest.fixture(scope="module")
def evil() -> ReportInputs:
    """Untrusted text everywhere: a column name, a class label, the file name and the note."""
    frame = _frame("binary").rename(columns={"c": EVIL})
    frame["y"] = frame["y"].map({"yes": EVIL_CLASS, "no": "fine"})
    return _full_inputs(
        frame, "binary", "logistic_regression", dataset_label=f"{EVIL}.csv", note=EVIL
    )


def _scripts(document: str) -> list[str]:
    """The contents of every <script> element, as a browser's parser would cut them."""

    class Scripts(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[str] = []
            self.inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                self.inside = True
                self.found.append("")

        def handle_endtag(self, tag):
            if tag == "script":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.found[-1] += data

    parser = Scripts()
    parser.feed(document)
    parser.close()
    return parser.found


def _charts(document: str) -> int:
    return document.count('<figure class="chart">')


# --- sections and numbers --------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["binary", "multiclass", "regression"])
def test_report_has_every_section_and_the_real_numbers(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    inputs: ReportInputs = request.getfixturevalue(fixture)
    document = render_report(inputs, charts=False, now=NOW)
    trained = inputs.trained
    cv, final = trained.cv, trained.final
    positions = [document.index(f'<section id="{sid}">') for sid, _ in SECTIONS]
    assert positions == sorted(positions)
    for sid, _ in SECTIONS:
        assert f'href="#{sid}"' in document
    summary = document[document.index('id="summary"') : document.index('id="problem"')]
    assert f"{cv.mean:.3f} ± {cv.std:.3f} over 4 folds" in summary
    assert f"scores {final.test_score:.3f}" in summary
    assert f"against {final.baseline_test_score:.3f} for the do-nothing baseline" in summary
    assert f"(baseline {trained.baseline_cv.mean:.3f})" in summary
    assert f"Diagnosis: {inputs.diagnosis.verdict}." in summary
    assert "2026-03-01" in document
    for fold in cv.folds:
        assert f'<td class="num">{fold.test:.3f}</td>' in document
    assert f"on its own training folds {cv.train_mean:.3f}" in document
    table = trained.metric_table()
    primary = table.iloc[0]
    assert "(primary)" in primary.metric
    assert f'<td>{html.escape(primary.metric)}</td><td class="num">{primary.model:.3f}</td>' in (
        document
    )
    assert html.escape(inputs.diagnosis.headline) in document
    top = inputs.importance.frame.iloc[0]
    assert f'<td>{top.column}</td><td class="num">{top.importance:.3f}</td>' in document
    assert html.escape(plan_folds(inputs.data, trained.recipe).description) in document
    assert html.escape(inputs.data.split.description) in document
    assert inputs.load_summary in document
    for finding in inputs.findings:
        assert html.escape(finding.title) in document
    assert "Made with ModelPath" in document


def test_report_describes_each_task(
    binary: ReportInputs, multiclass: ReportInputs, regression: ReportInputs
) -> None:
    binary_doc = render_report(binary, charts=False, now=NOW)
    assert "(binary classification)" in binary_doc
    assert '<th scope="row">Positive class</th><td>yes</td>' in binary_doc
    assert "Confusion matrix on the test split" in binary_doc
    multi_doc = render_report(multiclass, charts=False, now=NOW)
    assert "(multiclass classification, 3 classes)" in multi_doc
    assert "Positive class" not in multi_doc
    for label in ("setosa", "versicolor", "virginica"):
        assert f"<td>{label}</td>" in multi_doc
    regression_doc = render_report(regression, charts=False, now=NOW)
    assert "RMSE (lower is better)" in regression_doc
    assert "Confusion matrix" not in regression_doc
    assert "First try." in render_report(binary, charts=False, now=NOW)


def test_report_model_section_lists_hyperparameters_and_pipeline(binary: ReportInputs) -> None:
    document = render_report(binary, charts=False, now=NOW)
    model = document[document.index('id="model"') : document.index('id="results"')]
    assert "Algorithm: Logistic regression." in model
    assert "<td>C</td><td>1.0</td><td>default</td>" in model
    cleaning = document[document.index('id="cleaning"') : document.index('id="model"')]
    assert "<td>prep</td><td>ColumnTransformer</td>" in cleaning
    assert "<td>model</td><td>LogisticRegression</td>" in cleaning
    assert "impute (SimpleImputer)" in cleaning
    assert "Every cleaning and feature setting is at its default" in cleaning


def test_report_states_non_default_settings_and_pre_split_cleaning() -> None:
    frame = _frame("regression", n=120)
    frame = pd.concat([frame, frame.iloc[:6]], ignore_index=True)  # six exact duplicates
    frame.loc[[50, 51], "y"] = np.nan
    _, data, trained = _train(
        frame,
        "regression",
        "ridge",
        cleaning={"drop_duplicates": True, "numeric_imputation": "mean"},
        features={"scaling": "robust"},
    )
    document = render_report(ReportInputs(trained, data, "dupes.csv"), charts=False, now=NOW)
    assert "2 rows without a target dropped." in document
    assert "6 exact duplicate rows dropped." in document
    assert "<td>Missing numbers filled with</td><td>the mean</td>" in document
    assert "<td>Scaling of numbers</td><td>robust scaling" in document
    assert "Exact duplicate rows dropped before the split</td><td>yes</td>" in document
    assert "Every other cleaning and feature setting is at its default." in document


# --- untrusted text --------------------------------------------------------------------------


def test_report_escapes_untrusted_text_everywhere(evil: ReportInputs) -> None:
    document = render_report(evil, charts=True, now=NOW)
    assert EVIL not in document
    assert EVIL_CLASS not in document
    assert "alert(1)</script>" not in document
    escaped = html.escape(EVIL)
    assert f"data: {escaped}.csv" in document  # the file name
    assert f'<p class="personal">{escaped}</p>' in document  # the note
    assert f"<td>{escaped}</td><td>numeric</td>" in document  # the column name
    assert f"<td>{html.escape(EVIL_CLASS)}</td>" in document  # a class label
    # The only scripts are plotly's: its config, its bundle and one per drawn chart; the
    # names inside chart data stay inside their JSON strings.
    scripts = _scripts(document)
    assert len(scripts) == 2 + _charts(document)
    assert _charts(document) >= 3  # confusion, ROC, learning curve, importance
    assert not any(s.strip().startswith("alert(") for s in scripts)
    chart_data = "".join(s for s in scripts if "Plotly.newPlot" in s)
    assert "\\u003cscript\\u003ealert(1)" in chart_data  # the column name, escaped by plotly
    assert "\\u003c\\u002fscript\\u003e" in chart_data  # the class label's "</script>"


def test_report_file_name_is_safe(binary: ReportInputs) -> None:
    def named(label: str) -> str:
        return report_file_name(dataclasses.replace(binary, dataset_label=label), now=NOW)

    assert (
        named("Customer Churn (2024).csv") == "modelpath-report-customer-churn-2024-20260301.html"
    )
    assert named(f"{EVIL}.xlsx") == "modelpath-report-script-alert-1-script-20260301.html"
    assert named("..//.csv") == "modelpath-report-project-20260301.html"
    assert re.fullmatch(r"modelpath-report-[a-z0-9-]+-\d{8}\.html", named("x" * 300))


# --- self-contained and charts ---------------------------------------------------------------


def test_report_has_no_external_urls(binary: ReportInputs) -> None:
    plain = render_report(binary, charts=False, now=NOW)
    for pattern in EXTERNAL:
        assert pattern not in plain.lower()
    with_charts = render_report(binary, charts=True, now=NOW)
    # plotly.js itself holds inert URL strings (a topojson default, help links); everything
    # else, our markup and the charts' data, must hold none.
    ours = with_charts.replace(get_plotlyjs(), "")
    for pattern in EXTERNAL:
        assert pattern not in ours.lower()
    for tag in ("<script src", "<link", "<iframe", "<img"):
        assert tag not in with_charts


def test_report_embeds_plotlyjs_once_with_charts_and_never_without(
    binary: ReportInputs, regression: ReportInputs
) -> None:
    bundle = get_plotlyjs()
    for inputs in (binary, regression):
        document = render_report(inputs, charts=True, now=NOW)
        assert document.count(bundle) == 1
        assert document.index(bundle) < document.index("Plotly.newPlot")
        assert document.count("Plotly.newPlot") == _charts(document) == 4
        plain = render_report(inputs, charts=False, now=NOW)
        assert "<script" not in plain
        assert "plotly" not in plain.lower().replace("plotly</td>", "")
        assert "This report was made without charts." in plain
        assert len(plain) < 100_000
    regression_doc = render_report(regression, charts=True, now=NOW)
    assert "<strong>Predicted against actual.</strong>" in regression_doc
    assert "<strong>Residuals.</strong>" in regression_doc


def test_report_skips_a_chart_that_cannot_be_drawn(multiclass: ReportInputs) -> None:
    document = render_report(multiclass, charts=True, now=NOW)
    assert (
        '<p class="skipped">ROC curve: left out. There is nothing to draw in the ROC curve.'
        in document
    )
    assert "<strong>Confusion matrix.</strong>" in document
    assert document.count(get_plotlyjs()) == 1


def test_report_survives_a_chart_bug_and_still_embeds_plotlyjs_once(
    binary: ReportInputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("drawing bug")

    monkeypatch.setattr(report_module, "confusion_chart", broken)
    document = render_report(binary, charts=True, now=NOW)
    assert "Confusion matrix: left out. It could not be drawn (RuntimeError: drawing bug)." in (
        document
    )
    assert "<strong>ROC curve.</strong>" in document
    assert document.count(get_plotlyjs()) == 1  # moved to the first chart that was drawn
    assert document.index(get_plotlyjs()) < document.index("Plotly.newPlot")


# --- optional and partial inputs -------------------------------------------------------------


def test_report_without_optional_parts_says_so(binary: ReportInputs) -> None:
    bare = ReportInputs(binary.trained, binary.data, "plain.csv")
    for charts in (False, True):
        document = render_report(bare, charts=charts, now=NOW)
        for sid, _ in SECTIONS:
            assert f'<section id="{sid}">' in document
        for sentence in (
            "How the file was read was not recorded.",
            "No findings from exploring the data were recorded.",
            "No learning curve was drawn for this model.",
            "No diagnosis was made for this model.",
            "Column importance was not measured for this model.",
        ):
            assert f'<p class="absent">{sentence}</p>' in document
        assert "Diagnosis:" not in document
        assert "<h3>Note</h3>" not in document
    assert _charts(render_report(bare, charts=True, now=NOW)) == 2  # confusion and ROC


def test_report_of_a_stopped_training(binary: ReportInputs) -> None:
    trained = binary.trained
    stopped = dataclasses.replace(
        trained,
        cv=dataclasses.replace(trained.cv, folds=trained.cv.folds[:2], stopped="stopped"),
        baseline_cv=None,
        final=None,
    )
    inputs = ReportInputs(stopped, binary.data, "stopped.csv")
    for charts in (False, True):
        document = render_report(inputs, charts=charts, now=NOW)
        assert "over 2 folds of 4 planned" in document
        assert "Only 2 of 4 folds were fitted because it was stopped on request" in document
        assert "there is no test score" in document.lower()
        assert "No pipeline was fitted" in document
        assert "no baseline score" in document
        assert "<script" not in document  # nothing to draw, so no plotly.js either
    mean = float(np.mean([f.test for f in trained.cv.folds[:2]]))
    assert f"{mean:.3f}" in document


def test_report_names_and_marks_columns_importance_did_not_reach(
    regression: ReportInputs,
) -> None:
    reports: list[str] = []
    stop_after_one = Budget(
        should_stop=lambda: "Permutation importance: 1 of 4 columns" in reports,
        progress=lambda _fraction, message: reports.append(message),
    )
    data, trained = regression.data, regression.trained
    importance = permutation_importance_by_column(
        trained.final.pipeline,
        data.X_test,
        data.y_test,
        scoring_for(trained.recipe, data.y_train),
        n_repeats=2,
        budget=stop_after_one,
    )
    assert len(importance.frame) == 1
    assert len(importance.unmeasured) == 3
    inputs = dataclasses.replace(regression, importance=importance)
    document = render_report(inputs, charts=False, now=NOW)
    assert "Not measured (the measurement was stopped): 3 columns, " in document
    for column in importance.unmeasured:
        assert f'<td>{column}</td><td class="num">not measured</td>' in document


def test_report_of_the_baseline_model() -> None:
    _, data, trained = _train(_frame("binary", n=120), "binary", "baseline")
    document = render_report(ReportInputs(trained, data, "base.csv"), charts=True, now=NOW)
    assert "Baseline (dummy) predicts" in document
    assert "It has no hyperparameters to set." in document
    assert "no better than the baseline" in document
    assert document.count(get_plotlyjs()) == 1


def test_report_writes_mape_as_a_percentage() -> None:
    frame = _frame("regression")
    frame["y"] += 50  # far from zero, where MAPE is meaningful
    _, data, trained = _train(frame, "regression", "ridge", problem={"metric": "mape"})
    assert trained.metric == "mape"
    document = render_report(ReportInputs(trained, data, "mape.csv"), charts=False, now=NOW)
    cv, final = trained.cv, trained.final
    assert f"scores {100 * final.test_score:.3f} % MAPE (lower is better)" in document
    assert f"{100 * cv.mean:.3f} % ± {100 * cv.std:.3f} % over" in document
    for fold in cv.folds:
        assert f'<td class="num">{100 * fold.test:.3f} %</td>' in document
    # The test-metric table shows MAPE in percent, with the unit in its label.
    assert f'<td>MAPE (%) (primary)</td><td class="num">{100 * final.test_score:.3f}</td>' in (
        document
    )
    assert f"{final.test_score:.3f} MAPE" not in document


# --- document ----------------------------------------------------------------------------------


class _Structure(HTMLParser):
    """Checks that every non-void element is closed in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.sections.append(dict(attrs).get("id", ""))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("charts", [False, True])
def test_report_html_is_well_formed(binary: ReportInputs, charts: bool) -> None:
    document = render_report(binary, charts=charts, now=NOW)
    assert document.startswith("<!DOCTYPE html>")
    parser = _Structure()
    parser.feed(document)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    assert parser.sections == [sid for sid, _ in SECTIONS]


def test_report_is_deterministic_apart_from_the_date(binary: ReportInputs) -> None:
    first = render_report(binary, charts=True, now=NOW)
    assert render_report(binary, charts=True, now=NOW) == first
    later = render_report(binary, charts=True, now=datetime(2027, 1, 2))
    assert later.replace("2027-01-02", "2026-03-01") == first


def test_report_reproduce_section(binary: ReportInputs) -> None:
    document = render_report(binary, charts=False, now=NOW)
    assert f'<pre class="recipe">{html.escape(binary.trained.recipe.to_json())}</pre>' in document
    assert "python train_model.py binary.csv" in document
    assert "python -m core train binary.csv --recipe recipe.json" in document
    for library in ("scikit-learn", "imbalanced-learn", "pandas", "numpy", "python"):
        assert f"<td>{library}</td>" in document
    recipe = binary.trained.recipe
    sample = dataclasses.replace(
        binary.trained,
        recipe=recipe.with_section(recipe.data.with_changes(source_name="sample:churn")),
    )
    sample_doc = render_report(
        ReportInputs(sample, binary.data, "Customer churn"), charts=False, now=NOW
    )
    assert "python train_model.py churn.csv" in sample_doc
    assert "save it as churn.csv" in sample_doc
    spaced = render_report(ReportInputs(binary.trained, binary.data, "my data.csv"), charts=False)
    assert "python train_model.py &#x27;my data.csv&#x27;" in spaced


def test_report_table_reading_matches_prepared_table() -> None:
    """Rows × columns and the missing share come from the table as loaded."""
    frame = _frame("binary", n=100)
    frame.loc[:9, "a"] = np.nan
    recipe, data = recipe_and_data(frame, task="binary", validation={"folds": 3})
    table = prepare_table(frame, recipe.data, target="y")
    assert len(table.frame) == 100
    recipe = recipe.with_section(recipe.model.with_changes(algorithm="logistic_regression"))
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
    document = render_report(ReportInputs(trained, data, "gaps.csv"), charts=False, now=NOW)
    assert "100 rows × 5 columns" in document
    assert '<td>a</td><td>numeric</td><td class="num">10.0%</td><td>feature</td>' in document
