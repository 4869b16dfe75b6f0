"""Evaluate & improve: the training action, test metrics and their charts, learning curves
and diagnosis, importance, after-training checks, and the record of runs.

- ``train``          — the training action: cross-validate, refit, score the test split once
- ``predictions``    — a fitted model's predictions on labelled rows, read by every evaluation
- ``metrics``        — metric values on the test split and the model-versus-baseline table
- ``metric_frames``  — confusion, thresholds, curves, per-class errors, residuals, worst rows
- ``metric_charts``  — the figures drawn from those frames
- ``diagnosis``      — learning curves and the written diagnosis, with remedies
- ``model_charts``   — leaderboard, validation-curve, search and learning-curve charts
- ``importance``     — permutation and the model's own importance per original column
- ``suspicion``      — after training: scores too good to be true
- ``runs``           — the run record and its JSON text
- ``run_store``      — runs kept in SQLite, and the runs leaderboard
- ``recipe_changes`` — what changed between two recipes
- ``run_comparison`` — whether two runs differ by more than fold-to-fold noise
"""

from core.evaluate.diagnosis import (
    PERFECT_SCORES,
    Diagnosis,
    DiagnosisError,
    LearningCurve,
    Remedy,
    diagnose,
    learning_curve,
    setting_text,
)
from core.evaluate.importance import (
    Importance,
    ImportanceError,
    importance_chart,
    native_importance,
    native_importance_reason,
    permutation_importance_by_column,
    unmeasured_text,
)
from core.evaluate.metric_charts import (
    calibration_chart,
    confusion_chart,
    pr_chart,
    predicted_actual_chart,
    residual_histogram,
    residuals_chart,
    roc_chart,
    threshold_chart,
)
from core.evaluate.metric_frames import (
    ThresholdReading,
    at_threshold,
    calibration_frame,
    confusion_frame,
    default_threshold,
    per_class_frame,
    pr_frame,
    residual_frame,
    roc_frame,
    threshold_frame,
    threshold_range,
    worst_rows,
)
from core.evaluate.metrics import MetricValue, metric_table, metric_values
from core.evaluate.model_charts import (
    curve_chart,
    leaderboard_chart,
    learning_curve_chart,
    search_chart,
)
from core.evaluate.predictions import EvaluationError, Predictions, predictions_from
from core.evaluate.recipe_changes import CHANGE_COLUMNS, recipe_changes
from core.evaluate.run_comparison import RunComparison, compare_runs
from core.evaluate.run_store import FRAME_COLUMNS, MAX_NOTE_CHARS, RunStore, RunStoreError
from core.evaluate.runs import RUN_KINDS, RUN_SCHEMA_VERSION, Run
from core.evaluate.suspicion import (
    CARRIES_MODEL,
    MAX_ROWS,
    NEAR_PERFECT,
    NEAR_PERFECT_REGRESSION,
    REPEATS,
    after_training_warnings,
    closeness,
)
from core.evaluate.train import (
    FinalModel,
    NewRowsCheck,
    TrainedModel,
    fit_final,
    new_rows_check,
    rows_fingerprint,
    run_from,
    test_fraction,
    train_and_evaluate,
)

__all__ = [
    "CARRIES_MODEL",
    "CHANGE_COLUMNS",
    "FRAME_COLUMNS",
    "MAX_NOTE_CHARS",
    "MAX_ROWS",
    "NEAR_PERFECT",
    "NEAR_PERFECT_REGRESSION",
    "PERFECT_SCORES",
    "REPEATS",
    "RUN_KINDS",
    "RUN_SCHEMA_VERSION",
    "Diagnosis",
    "DiagnosisError",
    "EvaluationError",
    "FinalModel",
    "Importance",
    "ImportanceError",
    "LearningCurve",
    "MetricValue",
    "NewRowsCheck",
    "Predictions",
    "Remedy",
    "Run",
    "RunComparison",
    "RunStore",
    "RunStoreError",
    "ThresholdReading",
    "TrainedModel",
    "after_training_warnings",
    "at_threshold",
    "calibration_chart",
    "calibration_frame",
    "closeness",
    "compare_runs",
    "confusion_chart",
    "confusion_frame",
    "curve_chart",
    "default_threshold",
    "diagnose",
    "fit_final",
    "importance_chart",
    "leaderboard_chart",
    "learning_curve",
    "learning_curve_chart",
    "metric_table",
    "metric_values",
    "native_importance",
    "native_importance_reason",
    "new_rows_check",
    "per_class_frame",
    "permutation_importance_by_column",
    "pr_chart",
    "pr_frame",
    "predicted_actual_chart",
    "predictions_from",
    "recipe_changes",
    "residual_frame",
    "residual_histogram",
    "residuals_chart",
    "roc_chart",
    "roc_frame",
    "rows_fingerprint",
    "run_from",
    "search_chart",
    "setting_text",
    "test_fraction",
    "threshold_chart",
    "threshold_frame",
    "threshold_range",
    "train_and_evaluate",
    "unmeasured_text",
    "worst_rows",
]
