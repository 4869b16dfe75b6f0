"""Tests for core.cli.train (``python -m core train``): agreement with the app, the files --out
writes (model file and script included), leakage suspects, one-line errors."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli.train import _json_ready
from core.data import LoadLimits, load_table, read_options
from core.deliver import ModelCard, load_model
from core.evaluate import DiagnosisError, train_and_evaluate
from core.model import (
    complete_problem,
    cross_validate_model,
    plan_folds,
    recommend_algorithm,
)
from core.prepare import training_data
from core.recipe import ModelSection, ProblemSection, Recipe
from tests.core.cli.cli_helpers import assert_one_line_error, run_cli, write_bytes

# ---------------------------------------------------------------------------------------------
# train: cross-validation with the app's defaults
# ---------------------------------------------------------------------------------------------

TRAIN_ROWS = 200


def _train_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    x1 = rng.normal(size=TRAIN_ROWS)
    x2 = rng.normal(size=TRAIN_ROWS)
    colour = rng.choice(["red", "green", "blue"], TRAIN_ROWS)
    signal = x1 + 0.5 * x2 + (colour == "red") + rng.normal(scale=0.7, size=TRAIN_ROWS)
    return pd.DataFrame(
        {
            "x1": x1.round(3),
            "x2": x2.round(3),
            "colour": colour,
            "amount": (50 + 10 * x1 - 4 * x2 + rng.normal(size=TRAIN_ROWS)).round(2),
            "bought": np.where(signal > 0.3, "yes", "no"),
        }
    )


@pytest.fixture
def train_csv(tmp_path: Path) -> Path:
    path = tmp_path / "shop.csv"
    _train_frame().to_csv(path, index=False)
    return path


def _train(argv: list[str], out_dir: Path) -> tuple[str, dict, Recipe]:
    code, out = run_cli([*argv, "--out", str(out_dir)])
    assert code == 0
    metrics = json.loads((out_dir / "metrics.json").read_text(encoding="utf-8"))
    recipe = Recipe.from_json((out_dir / "recipe.json").read_text(encoding="utf-8"))
    return out, metrics, recipe


def _app_data(csv: Path, recipe: Recipe):
    """What the app computes for this file and recipe: completed recipe and split data."""
    loaded = load_table(
        csv.read_bytes(), csv.name, options=read_options(recipe.data), limits=LoadLimits.from_env()
    )
    recipe, profile = complete_problem(loaded, recipe)
    return recipe, training_data(profile.table, recipe)


@pytest.mark.parametrize(
    ("target", "task", "metric"),
    [
        pytest.param("bought", "binary", "accuracy", id="classification"),
        pytest.param("amount", "regression", "rmse", id="regression"),
    ],
)
def test_cli_train_prints_the_score_and_writes_recipe_and_metrics(
    train_csv: Path, tmp_path: Path, target: str, task: str, metric: str
) -> None:
    out, metrics, recipe = _train(["train", str(train_csv), "--target", target], tmp_path / "o")
    required = {"task", "metric", "algorithm", "params", "cv", "baseline", "fit_seconds", "rows"}
    assert required <= set(metrics)
    assert {"scikit-learn", "pandas", "numpy"} <= set(metrics["versions"])
    assert metrics["modelpath_version"]
    assert (metrics["task"], metrics["metric"]) == (task, metric)
    cv = metrics["cv"]
    assert len(cv["folds"]) == 5
    assert cv["mean"] == pytest.approx(float(np.mean(cv["folds"])), abs=1e-12)
    assert cv["std"] == pytest.approx(float(np.std(cv["folds"])), abs=1e-12)
    assert len(metrics["baseline"]["cv"]["folds"]) == 5
    assert metrics["baseline"]["cv"]["folds_fingerprint"] == cv["folds_fingerprint"]
    assert metrics["rows"] == {"train": 160, "test": 40}
    assert metrics["fit_seconds"] > 0
    # The model beats the dummy on this learnable data (in the metric's direction).
    better = cv["mean"] > metrics["baseline"]["cv"]["mean"]
    assert better == metrics["higher_is_better"]
    # The printed summary carries the same numbers.
    assert f"{cv['mean']:.4f} ± {cv['std']:.4f}" in out
    assert f"Baseline: {metrics['baseline']['cv']['mean']:.4f}" in out
    scheme = "Stratified K-fold" if task == "binary" else "K-fold"
    assert f"Folds: {scheme}:" in out
    # The written recipe is complete and says what was run.
    assert (recipe.problem.target, recipe.problem.task, recipe.problem.metric) == (
        target,
        task,
        metric,
    )
    assert recipe.model.algorithm == metrics["algorithm"]
    assert recipe.data.source_name == "shop.csv"
    assert (recipe.problem.positive_class == "yes") == (task == "binary")


def test_cli_train_default_algorithm_is_the_apps_recommendation(
    train_csv: Path, tmp_path: Path
) -> None:
    _, metrics, _ = _train(["train", str(train_csv), "--target", "bought"], tmp_path / "o")
    _, data = _app_data(train_csv, Recipe(problem=ProblemSection(target="bought")))
    assert metrics["algorithm"] == recommend_algorithm(data).algorithm
    assert metrics["algorithm_source"] == "recommended"


def test_cli_train_matches_cross_validate_model(train_csv: Path, tmp_path: Path) -> None:
    _, metrics, _ = _train(
        ["train", str(train_csv), "--target", "amount", "--cv", "3"], tmp_path / "o"
    )
    completed, data = _app_data(train_csv, Recipe(problem=ProblemSection(target="amount")))
    completed = completed.with_section(completed.validation.with_changes(folds=3)).with_section(
        completed.model.with_changes(algorithm=metrics["algorithm"])
    )
    app = cross_validate_model(data, completed, plan_folds(data, completed))
    assert metrics["cv"]["folds"] == pytest.approx(list(app.test_scores), abs=1e-12)


def test_cli_train_is_deterministic(train_csv: Path, tmp_path: Path) -> None:
    argv = ["train", str(train_csv), "--target", "bought", "--model", "random_forest", "--cv", "3"]
    _, first, _ = _train(argv, tmp_path / "a")
    _, second, _ = _train(argv, tmp_path / "b")
    for key in ("mean", "std", "folds", "train_folds", "folds_fingerprint"):
        assert first["cv"][key] == second["cv"][key], key
    assert first["baseline"]["cv"]["folds"] == second["baseline"]["cv"]["folds"]


def test_cli_train_recipe_from_a_run_reproduces_it(train_csv: Path, tmp_path: Path) -> None:
    _, first, _ = _train(
        ["train", str(train_csv), "--target", "amount", "--model", "knn", "--cv", "4"],
        tmp_path / "a",
    )
    recipe_file = tmp_path / "a" / "recipe.json"
    _, again, recipe = _train(
        ["train", str(train_csv), "--recipe", str(recipe_file)], tmp_path / "b"
    )
    assert again["cv"]["mean"] == first["cv"]["mean"]
    assert again["cv"]["folds_fingerprint"] == first["cv"]["folds_fingerprint"]
    assert (again["algorithm"], again["algorithm_source"]) == ("knn", "recipe")
    assert recipe.validation.folds == 4
    assert (tmp_path / "b" / "recipe.json").read_text() == recipe_file.read_text()


def test_cli_train_model_option_keeps_or_clears_params(train_csv: Path, tmp_path: Path) -> None:
    base = Recipe(
        problem=ProblemSection(target="amount"), model=ModelSection("ridge", {"alpha": 10.0})
    )
    recipe_file = tmp_path / "ridge.json"
    recipe_file.write_text(base.to_json(), encoding="utf-8")
    argv = ["train", str(train_csv), "--recipe", str(recipe_file), "--cv", "3"]
    _, same, recipe = _train([*argv, "--model", "ridge"], tmp_path / "a")
    assert same["params"] == {"alpha": 10.0}
    assert dict(recipe.model.params) == {"alpha": 10.0}
    _, other, recipe = _train([*argv, "--model", "decision_tree"], tmp_path / "b")
    assert (other["algorithm"], other["params"]) == ("decision_tree", {})
    assert dict(recipe.model.params) == {}


def test_cli_train_prints_mape_as_a_percentage_and_writes_the_fraction(
    train_csv: Path, tmp_path: Path
) -> None:
    mape = Recipe(
        problem=ProblemSection(target="amount", task="regression", metric="mape"),
        model=ModelSection("ridge", {}),
    )
    recipe_file = tmp_path / "mape.json"
    recipe_file.write_text(mape.to_json(), encoding="utf-8")
    out, metrics, _ = _train(
        ["train", str(train_csv), "--recipe", str(recipe_file), "--cv", "3"], tmp_path / "o"
    )
    cv = metrics["cv"]
    assert metrics["metric"] == "mape"
    assert 0 < cv["mean"] < 1  # metrics.json keeps MAPE as a fraction
    assert f"CV score: {100 * cv['mean']:.2f} % ± {100 * cv['std']:.2f} %" in out
    assert f"Baseline: {100 * metrics['baseline']['cv']['mean']:.2f} %" in out
    assert f"{cv['mean']:.4f}" not in out


def test_cli_train_target_option_overrides_the_recipes(train_csv: Path, tmp_path: Path) -> None:
    binary = Recipe(
        problem=ProblemSection(target="bought", task="binary", metric="f1", positive_class="yes")
    )
    recipe_file = tmp_path / "bought.json"
    recipe_file.write_text(binary.to_json(), encoding="utf-8")
    _, metrics, recipe = _train(
        ["train", str(train_csv), "--recipe", str(recipe_file), "--target", "amount", "--cv", "3"],
        tmp_path / "o",
    )
    assert (metrics["task"], metrics["metric"]) == ("regression", "rmse")
    assert (recipe.problem.target, recipe.problem.positive_class) == ("amount", None)


def test_cli_train_without_out_writes_nothing(train_csv: Path, tmp_path: Path) -> None:
    code, out = run_cli(["train", str(train_csv), "--target", "bought", "--cv", "3"])
    assert code == 0
    assert "CV score:" in out
    assert "Wrote" not in out


def test_cli_train_metrics_json_has_no_nan(train_csv: Path, tmp_path: Path) -> None:
    # A single-class validation fold would make some metrics undefined; NaN must become null.
    run_dir = tmp_path / "o"
    _train(["train", str(train_csv), "--target", "amount", "--cv", "2"], run_dir)
    text = (run_dir / "metrics.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in metrics.json"))
    assert _json_ready({"a": float("nan"), "b": [float("inf"), 1.5]}) == {
        "a": None,
        "b": [None, 1.5],
    }


# ---------------------------------------------------------------------------------------------
# train: the final refit, the test split, the learning curve and the diagnosis
# ---------------------------------------------------------------------------------------------

VERDICTS = {"suspicious", "overfitting", "underfitting", "good fit", "more data"}


def test_cli_train_classification_writes_test_confusion_curve_and_diagnosis(
    train_csv: Path, tmp_path: Path
) -> None:
    out, metrics, _ = _train(
        ["train", str(train_csv), "--target", "bought", "--cv", "3"], tmp_path / "o"
    )
    metric, test = metrics["metric"], metrics["test"]
    assert test["primary"] == test[metric]
    assert test["rows"] == metrics["rows"]["test"] == 40
    assert {"accuracy", "f1", "roc_auc", "log_loss"} <= set(test)
    base = metrics["baseline"]["test"]
    assert base["primary"] == base[metric]
    assert base["rows"] == 40
    assert test["primary"] > base["primary"]  # learnable data: the model beats the dummy
    assert metrics["final_fit_seconds"] > 0
    assert metrics["fit_seconds"] > 0
    # Confusion matrix: rows actual, columns predicted, every test row counted once.
    confusion = metrics["confusion_matrix"]
    assert confusion["labels"] == ["no", "yes"]
    counts = np.array(confusion["counts"])
    assert counts.shape == (2, 2)
    assert counts.sum() == test["rows"]
    assert np.trace(counts) / counts.sum() == pytest.approx(test["accuracy"], abs=1e-12)
    # Learning curve: growing training sets, the largest the full folds.
    curve = metrics["learning_curve"]
    assert len(curve) >= 2
    rows = [point["rows"] for point in curve]
    assert rows == sorted(set(rows))  # strictly increasing
    assert curve[-1]["share"] == 1.0
    assert curve[-1]["cv_mean"] == pytest.approx(metrics["cv"]["mean"], abs=1e-12)
    diagnosis = metrics["diagnosis"]
    assert diagnosis["verdict"] in VERDICTS
    assert {"headline", "reasons", "figures", "remedies"} <= set(diagnosis)
    assert any("learning curve" in reason for reason in diagnosis["reasons"])
    # The printed summary: test score beside the baseline's, then the verdict and headline.
    lines = out.splitlines()
    cv_line = next(i for i, line in enumerate(lines) if line.startswith("CV score:"))
    test_line = next(i for i, line in enumerate(lines) if line.startswith("Test score:"))
    assert test_line > cv_line
    assert f"Test score: {test['primary']:.4f} " in lines[test_line]
    assert f"(baseline {base['primary']:.4f})" in lines[test_line]
    assert lines[test_line + 1] == (f"Diagnosis: {diagnosis['verdict']} — {diagnosis['headline']}")


def test_cli_train_regression_has_test_metrics_and_no_confusion_matrix(
    train_csv: Path, tmp_path: Path
) -> None:
    _, metrics, _ = _train(
        ["train", str(train_csv), "--target", "amount", "--model", "ridge", "--cv", "3"],
        tmp_path / "o",
    )
    test = metrics["test"]
    assert {"rmse", "mae", "r2"} <= set(test)
    assert test["primary"] == test["rmse"]
    assert test["r2"] > metrics["baseline"]["test"]["r2"]
    assert "rmse" in metrics["baseline"]["test"]
    assert "confusion_matrix" not in metrics  # classification only: the key is left out
    assert len(metrics["learning_curve"]) >= 2
    assert metrics["diagnosis"]["verdict"] in VERDICTS


def test_cli_train_no_curve_skips_the_learning_curve(train_csv: Path, tmp_path: Path) -> None:
    out, metrics, _ = _train(
        ["train", str(train_csv), "--target", "bought", "--cv", "2", "--no-curve"],
        tmp_path / "o",
    )
    assert "learning_curve" in metrics
    assert metrics["learning_curve"] is None
    assert metrics["diagnosis"]["verdict"] in VERDICTS
    assert not any("learning curve" in reason for reason in metrics["diagnosis"]["reasons"])
    assert "Diagnosis: " in out
    assert "no learning curve" not in out


def test_cli_train_a_failing_learning_curve_is_a_note_not_a_failure(
    train_csv: Path, tmp_path: Path, monkeypatch
) -> None:
    def fail(*args, **kwargs):
        raise DiagnosisError("No point of the learning curve could be scored.", "", "")

    monkeypatch.setattr("core.evaluate.learning_curve", fail)
    out, metrics, _ = _train(
        ["train", str(train_csv), "--target", "bought", "--cv", "2"], tmp_path / "o"
    )
    assert metrics["learning_curve"] is None
    assert metrics["diagnosis"]["verdict"] in VERDICTS
    assert metrics["test"]["primary"] is not None
    notes = [line for line in out.splitlines() if "no learning curve" in line]
    assert len(notes) == 1
    assert "No point of the learning curve could be scored" in notes[0]


@pytest.mark.parametrize(
    ("target", "model"),
    [
        pytest.param("bought", "random_forest", id="classification"),
        pytest.param("amount", "knn", id="regression"),
    ],
)
def test_cli_train_test_scores_match_train_and_evaluate(
    train_csv: Path, tmp_path: Path, target: str, model: str
) -> None:
    _, metrics, _ = _train(
        ["train", str(train_csv), "--target", target, "--model", model, "--cv", "3", "--no-curve"],
        tmp_path / "o",
    )
    completed, data = _app_data(train_csv, Recipe(problem=ProblemSection(target=target)))
    completed = completed.with_section(completed.validation.with_changes(folds=3)).with_section(
        completed.model.with_changes(algorithm=model)
    )
    app = train_and_evaluate(data, completed, plan_folds(data, completed))
    assert metrics["cv"]["folds"] == pytest.approx(list(app.cv.test_scores), abs=1e-12)
    assert metrics["test"]["primary"] == pytest.approx(app.final.test_score, abs=1e-12)
    assert metrics["baseline"]["test"]["primary"] == pytest.approx(
        app.final.baseline_test_score, abs=1e-12
    )
    for key, value in app.test_metrics().items():
        if key != metrics["metric"]:
            assert metrics["test"][key] == pytest.approx(value, abs=1e-12, nan_ok=True), key
    assert metrics["rows"] == {"train": app.n_train, "test": app.n_test}


def _bad_recipe(tmp: Path) -> Path:
    return write_bytes(tmp, "bad.json", b'{"schema_version": 2, "model": {"algorithm": 3}}')


def _tiny(tmp: Path) -> Path:
    path = tmp / "tiny.csv"
    _train_frame().head(30).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--model", "nope"],
            "There is no algorithm called 'nope'. Available algorithms: baseline,",
            id="unknown-model",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "salary"],
            "There is no column 'salary' in the table",
            id="missing-target-column",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--cv", "1"],
            "--cv 1 is not a usable number of folds. It must be a number between 2 and 20.",
            id="cv-1",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--cv", "21"],
            "between 2 and 20",
            id="cv-21",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--cv", "five"],
            "invalid int value: 'five'",
            id="cv-not-a-number",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv)], "No target column is given", id="no-target"
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--model", "lasso"],
            "Lasso (lasso) cannot be used for a binary task; it serves regression tasks",
            id="model-for-another-task",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(_tiny(tmp)), "--target", "amount", "--cv", "20"],
            "too few for 20 folds",
            id="too-few-rows-for-folds",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(csv), "--target", "bought", "--recipe", str(csv)],
            "not valid JSON",
            id="recipe-not-json",
        ),
        pytest.param(
            lambda tmp, csv: [
                "train",
                str(csv),
                "--target",
                "bought",
                "--recipe",
                str(_bad_recipe(tmp)),
            ],
            "'model.algorithm'",
            id="recipe-invalid-field",
        ),
        pytest.param(
            lambda tmp, csv: ["train", str(tmp / "nope.csv"), "--target", "bought"],
            "no file",
            id="missing-file",
        ),
        pytest.param(
            lambda tmp, csv: [
                "train",
                str(csv),
                "--target",
                "bought",
                "--cv",
                "2",
                "--out",
                str(csv),
            ],
            "could not be written",
            id="out-is-a-file",
        ),
    ],
)
def test_cli_train_bad_input_exits_2_with_one_line(
    tmp_path: Path, train_csv: Path, capsys, make_args, words: str
) -> None:
    code, out = run_cli(make_args(tmp_path, train_csv))
    assert_one_line_error(code, out, capsys.readouterr().err, words)


# ---------------------------------------------------------------------------------------------
# Leakage suspects: left out by default, --keep, recipes honoured
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def leaky_csv(tmp_path: Path) -> Path:
    """A 'refund' column recorded after the outcome: filled only for customers who left."""
    rng = np.random.default_rng(3)
    left = rng.random(200) < 0.3
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, 200),
            "spend": rng.normal(100, 20, 200).round(2),
            "refund": np.where(left, rng.normal(30, 5, 200).round(2), 0.0),
            "left": np.where(left, "yes", "no"),
        }
    )
    path = tmp_path / "leaky.csv"
    frame.to_csv(path, index=False)
    return path


def _train_leaky(csv: Path, tmp_path: Path, *extra: str) -> tuple[str, Recipe]:
    argv = ["train", str(csv), "--target", "left", "--cv", "2", "--no-curve", *extra]
    out, _, recipe = _train(argv, tmp_path / "out")
    return out, recipe


def test_cli_train_leaves_a_leak_out_by_default_and_says_so(
    leaky_csv: Path, tmp_path: Path
) -> None:
    out, recipe = _train_leaky(leaky_csv, tmp_path)
    assert recipe.problem.exclude_columns == ("refund",)
    first = out.splitlines()[0]
    assert first.startswith("Left out as likely leakage: ‘refund’ (‘refund’ predicts ‘left’")
    assert first.endswith("Keep one with --keep refund.")


def test_cli_train_keep_keeps_a_suspect_with_a_warning(leaky_csv: Path, tmp_path: Path) -> None:
    out, recipe = _train_leaky(leaky_csv, tmp_path, "--keep", "refund")
    assert recipe.problem.exclude_columns == ()
    assert "Left out as likely leakage" not in out
    assert out.splitlines()[0].startswith(
        "Warning: kept by --keep although likely leakage: ‘refund’"
    )


def test_cli_train_keep_makes_metrics_json_suspicious_with_a_leakage_warning(
    leaky_csv: Path, tmp_path: Path
) -> None:
    argv = ["train", str(leaky_csv), "--target", "left", "--cv", "2", "--no-curve"]
    _, metrics, _ = _train([*argv, "--keep", "refund"], tmp_path / "out")
    assert metrics["diagnosis"]["verdict"] == "suspicious"
    (leak,) = [w for w in metrics["warnings"] if w["kind"] == "leakage"]
    assert leak["columns"] == ["refund"]


def test_cli_train_recipe_keeping_a_suspect_is_honoured_with_a_warning(
    leaky_csv: Path, tmp_path: Path
) -> None:
    recipe_file = write_bytes(tmp_path, "r.json", Recipe().to_json().encode("utf-8"))
    out, recipe = _train_leaky(leaky_csv, tmp_path, "--recipe", str(recipe_file))
    assert recipe.problem.exclude_columns == ()
    assert out.splitlines()[0].startswith("Warning: kept by the recipe although likely leakage")


def test_cli_train_keep_overrides_a_recipes_exclusion(leaky_csv: Path, tmp_path: Path) -> None:
    written = Recipe(problem=ProblemSection(exclude_columns=("refund", "age"))).to_json()
    recipe_file = write_bytes(tmp_path, "r.json", written.encode("utf-8"))
    _, recipe = _train_leaky(leaky_csv, tmp_path, "--recipe", str(recipe_file), "--keep", "refund")
    assert recipe.problem.exclude_columns == ("age",)


def test_cli_train_recipe_excluding_the_suspect_prints_no_leakage_line(
    leaky_csv: Path, tmp_path: Path
) -> None:
    written = Recipe(problem=ProblemSection(exclude_columns=("refund",))).to_json()
    recipe_file = write_bytes(tmp_path, "r.json", written.encode("utf-8"))
    out, recipe = _train_leaky(leaky_csv, tmp_path, "--recipe", str(recipe_file))
    assert recipe.problem.exclude_columns == ("refund",)
    assert "leakage" not in out.splitlines()[0]


def test_cli_train_keep_unknown_column_exits_2_with_one_line(
    leaky_csv: Path, tmp_path: Path, capsys
) -> None:
    argv = ["train", str(leaky_csv), "--target", "left", "--keep", "refnud"]
    code, out = run_cli(argv)
    assert_one_line_error(code, out, capsys.readouterr().err, "--keep 'refnud'")


# ---------------------------------------------------------------------------------------------
# train: a leaky column kept is "suspicious", in the summary and in metrics.json
# ---------------------------------------------------------------------------------------------


def test_cli_train_with_a_leaky_column_kept_is_suspicious(tmp_path: Path) -> None:
    from core.data import load_sample

    path = tmp_path / "churn.csv"
    load_sample("churn").to_csv(path, index=False)  # cancellation_reason is still in the table
    recipe = Recipe(problem=ProblemSection(target="churned", exclude_columns=("customer_id",)))
    recipe_file = tmp_path / "recipe.json"
    recipe_file.write_text(recipe.to_json(), encoding="utf-8")
    argv = ["train", str(path), "--recipe", str(recipe_file), "--model", "logistic_regression"]
    out, metrics, _ = _train([*argv, "--no-curve", "--cv", "3"], tmp_path / "o")
    assert metrics["diagnosis"]["verdict"] == "suspicious"
    leaks = [w for w in metrics["warnings"] if w["kind"] == "leakage"]
    assert leaks
    assert "cancellation_reason" in leaks[0]["columns"]
    assert metrics["diagnosis"]["warnings"] == metrics["warnings"]
    (remedy,) = metrics["diagnosis"]["remedies"]  # one action: leave out and retrain
    assert remedy.startswith("Leave out ‘cancellation_reason’")
    assert "Diagnosis: suspicious — " in out
    assert "Warning (leakage: cancellation_reason)" in out
    for praise in ("good fit", "believable", "ready to deliver", "Quote the test"):
        assert praise not in out


# ---------------------------------------------------------------------------------------------
# train --out: the model file and the script
# ---------------------------------------------------------------------------------------------


def test_train_out_writes_a_loadable_model_and_a_script(trained_dir: Path) -> None:
    run = trained_dir / "run"
    assert sorted(p.name for p in run.iterdir()) == [
        "metrics.json",
        "model.skops",
        "recipe.json",
        "train_model.py",
    ]
    model = load_model((run / "model.skops").read_bytes(), "model.skops")
    card = ModelCard.from_dict(model.card)
    assert card.target == "paid"
    assert card.recipe.data.na_tokens == ("", "null")  # "NA" stays Namibia
    ast.parse((run / "train_model.py").read_text(encoding="utf-8"))


def test_the_written_script_reproduces_metrics_json(trained_dir: Path) -> None:
    run = trained_dir / "run"
    completed = subprocess.run(
        [
            sys.executable,
            str(run / "train_model.py"),
            str(trained_dir / "customers.csv"),
            "--json",
            str(run / "scores.json"),
            "--model",
            str(run / "again.skops"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    scores = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    assert scores["cv"]["mean"] == pytest.approx(metrics["cv"]["mean"], abs=1e-10)
    assert scores["test_score"] == pytest.approx(metrics["test"]["primary"], abs=1e-10)
