"""``python -m core train FILE --target COL``: train a model exactly as the app's training action
does.

The app's defaults fill whatever the recipe (``--recipe``) and options leave open; the model is
cross-validated next to the baseline on the same folds, refitted on the training split, scored
once on the held-out test split; a learning curve is drawn and the fit diagnosed. A summary is
printed (:func:`render_training`); with ``--out DIR`` the command writes ``recipe.json``,
``metrics.json`` (:func:`metrics_dict`), ``model.skops`` and ``train_model.py``
(:func:`write_model_and_script`).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.cli._files import load_recipe_and_table, write_file
from core.data import LoadedTable
from core.deliver import (
    SCRIPT_FILE_NAME,
    ScriptSource,
    dump_model,
    model_card,
    render_script,
)
from core.errors import ModelPathError, RecipeError
from core.recipe import Recipe, ValidationSection
from core.understand import DatasetProfile

if TYPE_CHECKING:
    from core.data import PreparedTable
    from core.evaluate import Diagnosis, LearningCurve, TrainedModel
    from core.model import CVResult
    from core.prepare import TrainingData
    from core.understand import Metric

__all__ = [
    "TrainingRun",
    "metrics_dict",
    "render_training",
    "write_model_and_script",
]

MODEL_FILE_NAME = "model.skops"
_ROOT = Path(__file__).resolve().parents[2]


def run(args: argparse.Namespace, stdout: TextIO) -> None:
    """The ``train`` command (``core.cli.main`` parses the arguments and handles errors)."""
    training = _train(args)
    written: list[Path] = []
    if args.out is not None:
        _write_outputs(training, args.out)
        written = [args.out / "recipe.json", args.out / "metrics.json"]
        written += write_model_and_script(training, args.out)
    stdout.write("".join(note + "\n" for note in training.leakage_notes))
    stdout.write(render_training(training))
    if written:
        stdout.write(f"Wrote {', '.join(str(path) for path in written)}\n")


@dataclass(frozen=True)
class TrainingRun:
    """What ``train`` computed: the completed recipe, the folds, the two CV results, the refit
    with its test predictions, the learning curve and the diagnosis."""

    file_name: str
    recipe: Recipe
    algorithm_source: str  # "--model", "recipe" or "recommended"
    result: CVResult
    baseline: CVResult | None  # None when the baseline could not be scored
    baseline_error: str | None
    wall_seconds: float  # the model's cross-validation
    folds_description: str
    n_train: int
    n_test: int
    trained: TrainedModel | None = None  # CV + baseline CV + refit (core.evaluate.train)
    curve: LearningCurve | None = None  # None with --no-curve or when it failed
    curve_error: str | None = None
    diagnosis: Diagnosis | None = None
    diagnosis_error: str | None = None
    loaded: LoadedTable | None = None  # the table as read, for the script and the model card
    table: PreparedTable | None = None
    data: TrainingData | None = None
    # Leakage suspects left out or kept, one line each, printed before the results.
    leakage_notes: tuple[str, ...] = ()


def _train(args: argparse.Namespace) -> TrainingRun:
    """Complete the recipe as the app would, then train it as the app's training action does:
    cross-validate the model and the baseline, refit, score the test split; then draw the
    learning curve (unless ``--no-curve``) and diagnose the fit."""
    # Looked up on the packages at call time. Loading is not deferred (core.cli's __init__
    # imports every command), but a test can replace a step, e.g. core.evaluate.learning_curve.
    from core.evaluate import diagnose, learning_curve, train_and_evaluate
    from core.model import (
        ModelError,
        complete_problem,
        cross_validate_model,
        model_spec,
        models_for_task,
        plan_folds,
        recommend_algorithm,
    )
    from core.prepare import training_data
    from core.understand import leakage_columns

    recipe, loaded = load_recipe_and_table(args)
    recipe = recipe.with_section(recipe.data.with_changes(source_name=args.file.name))
    problem = recipe.problem
    if args.target is not None and args.target != problem.target:
        # The recipe's task, metric and positive class were chosen for its own target.
        problem = problem.with_changes(
            target=args.target, task=None, metric=None, positive_class=None
        )
        recipe = recipe.with_section(problem)
    if args.cv is not None:
        recipe = recipe.with_section(_with_folds(recipe, args.cv))
    source = "recipe"
    if args.model is not None:
        key = model_spec(args.model).key  # ModelError naming the algorithms when unknown
        source = "--model"
        if key != recipe.model.algorithm:
            recipe = recipe.with_section(recipe.model.with_changes(algorithm=key, params={}))
    spec = model_spec(recipe.model.algorithm) if recipe.model.algorithm is not None else None
    recipe, profile = complete_problem(loaded, recipe)
    recipe, leakage_notes = _leave_out_leaks(recipe, profile, args.keep, args.recipe is not None)
    task = recipe.problem.task
    if spec is not None and task not in spec.tasks:
        raise ModelError(
            f"{spec.label} ({spec.key}) cannot be used for a {task} task; it serves "
            f"{' and '.join(spec.tasks)} tasks.",
            "",
            f"Choose one of: {', '.join(s.key for s in models_for_task(task))} "
            f"(see python -m core models --task {task}).",
        )
    data = training_data(profile.table, recipe)
    if recipe.model.algorithm is None:
        source = "recommended"
        recommended = recommend_algorithm(data).algorithm
        recipe = recipe.with_section(recipe.model.with_changes(algorithm=recommended, params={}))
    plan = plan_folds(data, recipe)
    # The findings before training name the likely leaks; the training checks whether the model
    # learned from one (a column the recipe keeps despite the finding).
    suspects = leakage_columns(profile.findings, target=recipe.problem.target)
    trained = train_and_evaluate(data, recipe, plan, suspects=suspects)
    wall_seconds = trained.cv.seconds
    result, baseline, baseline_error = trained.cv, trained.baseline_cv, None
    if baseline is None:  # train_and_evaluate keeps the model's score; ask again for the reason
        try:
            baseline = cross_validate_model(data, recipe, plan, algorithm="baseline", params={})
        except ModelPathError as exc:  # the model's score still stands on its own
            baseline_error = exc.one_line()
    curve, curve_error = None, None
    if not args.no_curve:
        try:
            curve = learning_curve(data, trained.recipe, plan)
        except ModelPathError as exc:  # the rest of the run stands without it
            curve_error = exc.one_line()
    diagnosis, diagnosis_error = None, None
    try:
        diagnosis = diagnose(
            result,
            baseline,
            trained.recipe,
            curve=curve,
            n_features=trained.model_inputs,
            warnings=trained.warnings,
        )
    except ModelPathError as exc:
        diagnosis_error = exc.one_line()
    return TrainingRun(
        file_name=args.file.name,
        recipe=recipe,
        algorithm_source=source,
        result=result,
        baseline=baseline,
        baseline_error=baseline_error,
        wall_seconds=wall_seconds,
        folds_description=plan.description,
        n_train=len(data.X_train),
        n_test=len(data.X_test),
        trained=trained,
        curve=curve,
        curve_error=curve_error,
        diagnosis=diagnosis,
        diagnosis_error=diagnosis_error,
        loaded=loaded,
        table=profile.table,
        data=data,
        leakage_notes=leakage_notes,
    )


def _leave_out_leaks(
    recipe: Recipe, profile: DatasetProfile, keep: Sequence[str], from_recipe: bool
) -> tuple[Recipe, tuple[str, ...]]:
    """Leave the leakage suspects out (unless a recipe says what to keep) and say so.

    A recipe records the person's choice, so it is honoured as written, and a suspect it keeps
    is named in a warning; without one, suspects are left out as the Problem page does. Either
    way ``--keep`` keeps a column.
    """
    from core.understand import leakage_reasons

    columns = [str(c) for c in profile.table.frame.columns]
    unknown = [c for c in keep if c not in columns]
    if unknown:
        raise ModelPathError(
            f"--keep {unknown[0]!r}: there is no such column in the table.",
            "",
            "Pass a column name exactly as in the file (names are case-sensitive).",
        )
    problem = recipe.problem
    suspects = leakage_reasons(profile.findings, target=problem.target)
    excluded = [c for c in problem.exclude_columns if c not in keep]
    notes = []
    if not from_recipe:
        left_out = [c for c in suspects if c not in keep and c not in excluded]
        if left_out:
            excluded += left_out
            notes.append(
                f"Left out as likely leakage: {_suspects(left_out, suspects)}. Keep one with "
                f"--keep {left_out[0]}."
            )
    kept = [c for c in suspects if c not in excluded]
    if kept:
        by = "--keep" if not from_recipe else "the recipe" + (" or --keep" if keep else "")
        notes.append(
            f"Warning: kept by {by} although likely leakage: {_suspects(kept, suspects)}. "
            "Scores with it are likely inflated."
        )
    if tuple(excluded) != problem.exclude_columns:
        recipe = recipe.with_section(problem.with_changes(exclude_columns=tuple(excluded)))
    return recipe, tuple(notes)


def _suspects(columns: Sequence[str], reasons: Mapping[str, str]) -> str:
    """‘a’, ‘b’ (why; why): the columns of one combination share a reason, given once."""
    why = "; ".join(dict.fromkeys(reasons[c] for c in columns))
    return ", ".join(f"‘{c}’" for c in columns) + f" ({why})"


def _with_folds(recipe: Recipe, folds: int) -> ValidationSection:
    """The validation section with ``folds`` folds, validated by the recipe's own rule."""
    try:
        return recipe.validation.with_changes(folds=folds)
    except RecipeError as exc:
        raise RecipeError(
            f"--cv {folds} is not a usable number of folds.",
            exc.why,
            "Pass a number of folds in that range, e.g. --cv 5.",
        ) from None


def _test_block(
    metrics: Mapping[str, float | None], primary_key: str, primary: float, rows: int
) -> dict[str, Any]:
    """Test-split metrics by key, the primary one from the CV scorer (as the app records it)."""
    return {**metrics, primary_key: primary, "primary": primary, "rows": rows}


def _confusion(trained: TrainedModel) -> dict[str, Any] | None:
    """The test split's confusion matrix (rows actual, columns predicted), classification only."""
    from core.evaluate import confusion_frame

    final = trained.final
    if final is None or final.test.task == "regression":
        return None
    test = final.test
    labels = list(test.classes)
    for label in [*test.y_true, *test.y_pred]:  # a class the model never saw still counts
        if label not in labels:
            labels.append(label)
    frame = confusion_frame(test.y_true, test.y_pred, labels)
    # The labels as the data spells them (0/1 stay numbers, like positive_class beside them).
    return {"labels": labels, "counts": frame.to_numpy().tolist()}


def metrics_dict(run: TrainingRun) -> dict[str, Any]:
    """The content of ``metrics.json`` (non-finite numbers become None)."""
    recipe, result = run.recipe, run.result
    baseline: dict[str, Any] = {"algorithm": "baseline", "cv": None}
    if run.baseline is not None:
        baseline["cv"] = run.baseline.to_dict()
    if run.baseline_error is not None:
        baseline["error"] = run.baseline_error
    trained = run.trained
    final = trained.final if trained is not None else None
    test = None
    if final is not None:
        test = _test_block(trained.test_metrics(), result.metric, final.test_score, run.n_test)
        baseline["test"] = _test_block(
            trained.baseline_test_metrics(), result.metric, final.baseline_test_score, run.n_test
        )
    else:
        baseline["test"] = None
    evaluation: dict[str, Any] = {
        "test": test,
        "final_fit_seconds": final.fit_seconds if final is not None else None,
    }
    if recipe.problem.task != "regression":  # regression runs have no confusion_matrix key
        evaluation["confusion_matrix"] = _confusion(trained) if trained is not None else None
    evaluation["learning_curve"] = run.curve.points() if run.curve is not None else None
    if run.curve_error is not None:
        evaluation["learning_curve_error"] = run.curve_error
    evaluation["diagnosis"] = run.diagnosis.to_dict() if run.diagnosis is not None else None
    if run.diagnosis_error is not None:
        evaluation["diagnosis_error"] = run.diagnosis_error
    warnings = trained.warnings if trained is not None else ()
    evaluation["warnings"] = [w.to_dict() for w in warnings]
    versions = _versions()
    return _json_ready(
        {
            "file": run.file_name,
            "target": recipe.problem.target,
            "task": recipe.problem.task,
            "positive_class": recipe.problem.positive_class,
            "metric": result.metric,
            "higher_is_better": result.higher_is_better,
            "algorithm": result.algorithm,
            "algorithm_source": run.algorithm_source,
            "params": dict(result.params),
            "cv": result.to_dict(),
            "baseline": baseline,
            "fit_seconds": run.wall_seconds,
            "folds": run.folds_description,
            "rows": {"train": run.n_train, "test": run.n_test},
            "notes": list(result.notes),
            **evaluation,
            "recipe_fingerprint": recipe.fingerprint(),
            "modelpath_version": versions["modelpath"],
            "versions": versions,
        }
    )


def _json_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalars
        return _json_ready(value.item())
    return str(value)


def _versions() -> dict[str, str | None]:
    def installed(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "modelpath": installed("modelpath") or _project_version(),
        "python": platform.python_version(),
        "scikit-learn": installed("scikit-learn"),
        "pandas": installed("pandas"),
        "numpy": installed("numpy"),
    }


def _project_version() -> str | None:
    """The version in pyproject.toml when ModelPath runs from a checkout (not installed)."""
    import tomllib

    try:
        with (_ROOT / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _write_outputs(run: TrainingRun, directory: Path) -> None:
    metrics = json.dumps(metrics_dict(run), indent=2, ensure_ascii=False, allow_nan=False)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "recipe.json").write_text(run.recipe.to_json() + "\n", encoding="utf-8")
        (directory / "metrics.json").write_text(metrics + "\n", encoding="utf-8")
    except OSError as exc:
        raise ModelPathError(
            f"The results could not be written to {str(directory)!r} ({exc.strerror}).",
            "",
            "Choose another --out folder, one you can write to.",
        ) from None


def _number(value: float) -> str:
    if not math.isfinite(value):
        return "n/a"
    return f"{value:,.2f}" if abs(value) >= 1000 else f"{value:.4f}"


def _score(metric: Metric, value: float) -> str:
    """A score as people read the metric: MAPE 0.0841 prints as 8.41 % (metrics.json keeps
    the fraction)."""
    return metric.format(value, ".2f") if metric.percent else _number(value)


def render_training(run: TrainingRun) -> str:
    """A short plain-text summary of a ``train`` run."""
    from core.understand import METRICS

    recipe, result = run.recipe, run.result
    problem = recipe.problem
    metric = METRICS[result.metric]
    direction = "higher is better" if metric.greater_is_better else "lower is better"
    chosen = {
        "--model": "chosen with --model",
        "recipe": "from the recipe",
        "recommended": "ModelPath's recommendation for this data; pick another with --model",
    }[run.algorithm_source]
    task = problem.task
    if task == "binary":
        task = f"binary, positive class {problem.positive_class!r}"
    lines = [
        f"Data: {run.file_name} — {run.n_train:,} training rows, {run.n_test:,} test rows "
        "held out (scored once, by the final model)",
        f"Target: {problem.target} ({task})",
        f"Algorithm: {result.label} [{result.algorithm}] ({chosen})",
    ]
    if result.params:
        lines.append(
            "Hyperparameters: " + ", ".join(f"{k}={v!r}" for k, v in result.params.items())
        )
    lines += [
        f"Metric: {metric.label} ({direction})",
        f"CV score: {_score(metric, result.mean)} ± {_score(metric, result.std)} "
        f"over {len(result.folds)} fold(s)",
        "Per fold: " + ", ".join(_score(metric, f.test) for f in result.folds),
        f"Training folds: {_score(metric, result.train_mean)} (mean score on the rows each fold "
        "learned from)",
        f"Fit time: {_number(result.fit_seconds)} s per fold, "
        f"{run.wall_seconds:.2f} s for the whole cross-validation",
        f"Folds: {run.folds_description}",
    ]
    if run.baseline is not None:
        lines.append(
            f"Baseline: {_score(metric, run.baseline.mean)} ± {_score(metric, run.baseline.std)} "
            f"({run.baseline.label}, same folds)"
        )
    else:
        lines.append(f"Baseline: not scored ({run.baseline_error})")
    final = run.trained.final if run.trained is not None else None
    if final is not None:
        lines.append(
            f"Test score: {_score(metric, final.test_score)} {metric.label} on {run.n_test:,} "
            f"held-out rows (baseline {_score(metric, final.baseline_test_score)}); refit in "
            f"{final.fit_seconds:.2f} s on all {run.n_train:,} training rows"
        )
    warnings = run.trained.warnings if run.trained is not None else ()
    if run.diagnosis is not None:
        lines.append(f"Diagnosis: {run.diagnosis.verdict} — {run.diagnosis.headline}")
    elif warnings:  # no diagnosis, but the leak still decides the reading
        lines.append(f"Diagnosis: suspicious (not made in full: {run.diagnosis_error})")
    else:
        lines.append(f"Diagnosis: not made ({run.diagnosis_error})")
    lines += [f"Warning ({w.kind}: {', '.join(w.columns)}): {w.message}" for w in warnings]
    lines += [f"Note: {note}" for note in result.notes]
    if run.curve_error is not None:
        lines.append(f"Note: no learning curve ({run.curve_error})")
    return "\n".join(lines) + "\n"


def write_model_and_script(run: Any, directory: Path) -> list[Path]:
    """Write the model file and the reproducible script of a finished ``train`` run.

    Parameters
    ----------
    run : TrainingRun
        Needs ``trained`` (with its final refit), ``loaded``, ``table`` and ``data``.
    directory : pathlib.Path

    Returns
    -------
    list of pathlib.Path
        The files written (none when the training stopped before its refit).
    """
    trained = run.trained
    if trained is None or trained.final is None or run.data is None:
        return []
    card = model_card(trained, run.data, run.table, source_name=run.file_name)
    model_path = directory / MODEL_FILE_NAME
    write_file(model_path, dump_model(trained.final.pipeline, card.to_dict()))
    source = ScriptSource.from_report(
        run.loaded.report, run.loaded.frame.columns, file_name=run.file_name
    )
    script_path = directory / SCRIPT_FILE_NAME
    write_file(script_path, render_script(trained.recipe, source, run.table, run.data))
    return [model_path, script_path]
