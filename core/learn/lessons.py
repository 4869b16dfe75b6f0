"""Teaching content, kept as data so it can be reviewed, tested and translated apart from pages.

``LIFECYCLE`` is the ML engineer's lifecycle that the app follows; ``LESSONS`` holds the short
"what this step is and why it matters" text shown (collapsed) on each page. The guided
tutorial builds on these slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.errors import ModelPathError

__all__ = ["LESSONS", "LIFECYCLE", "Lesson", "LifecycleStep", "lesson_for"]


@dataclass(frozen=True)
class LifecycleStep:
    """One step of the ML lifecycle.

    Parameters
    ----------
    key : str
        Stable identifier (also the lesson key).
    title : str
        Short name.
    summary : str
        One line: what happens in this step.
    """

    key: str
    title: str
    summary: str


LIFECYCLE: tuple[LifecycleStep, ...] = (
    LifecycleStep("data", "Collect data", "Bring a table and check it was read correctly."),
    LifecycleStep("problem", "Define the problem", "Say what to predict and how to judge it."),
    LifecycleStep("explore", "Explore", "Look at distributions, relationships and red flags."),
    LifecycleStep("clean", "Clean", "Fix missing values, spellings, duplicates and outliers."),
    LifecycleStep("features", "Engineer features", "Turn raw columns into model-ready inputs."),
    LifecycleStep("split", "Split & validate", "Hold out a test set and choose cross-validation."),
    LifecycleStep("algorithm", "Choose an algorithm", "Compare learners against a baseline."),
    LifecycleStep("tune", "Tune", "Adjust hyperparameters on cross-validated scores."),
    LifecycleStep("evaluate", "Evaluate & diagnose", "Read metrics, curves and over/underfitting."),
    LifecycleStep("improve", "Improve", "Compare runs, go back, retrain with new data."),
    LifecycleStep("deliver", "Deliver", "Export the model, the script, predictions and a report."),
)


@dataclass(frozen=True)
class Lesson:
    """The short lesson shown on a page.

    Parameters
    ----------
    key : str
        The lifecycle step (or page) it belongs to.
    title : str
        Headline of the lesson.
    what : str
        What this step is.
    why : str
        Why it matters.
    mistake : str
        The common mistake, and how to avoid it.
    """

    key: str
    title: str
    what: str
    why: str
    mistake: str


LESSONS: Mapping[str, Lesson] = MappingProxyType(
    {
        lesson.key: lesson
        for lesson in (
            Lesson(
                "data",
                "Collecting data: read it right before anything else",
                "A model only sees the table you give it. This step reads your file, decides "
                "how each cell is written (separator, encoding, decimal mark, which words mean "
                "'missing') and what kind of values each column holds: numbers, categories, "
                "yes/no, dates, free text or identifiers.",
                "Everything later depends on these choices. A price column read as text cannot "
                "be scaled; a country code 'NA' read as missing silently deletes Namibia; an ID "
                "read as a number looks like a very strong feature while meaning nothing.",
                "Trusting the defaults without looking. Check the load report and the column "
                "kinds, and correct any column the app misread before moving on.",
            ),
            Lesson(
                "problem",
                "Defining the problem: what to predict, and how to judge success",
                "You choose the target (the column to predict), the kind of task — binary or "
                "multiclass classification, or regression — and the primary metric that decides "
                "which model is better.",
                "The metric is the question you ask the model. On imbalanced data accuracy "
                "rewards a model that never predicts the rare class; a metric chosen after "
                "seeing results invites fooling yourself.",
                "Picking accuracy by habit, and keeping columns that would not be known at "
                "prediction time (e.g. a cancellation reason when predicting cancellation).",
            ),
            Lesson(
                "explore",
                "Exploring: know your data before you model it",
                "Exploration means looking at each column's distribution, how each feature "
                "relates to the target, how columns relate to each other, where values are "
                "missing, and which values are extreme.",
                "Most modelling problems are data problems: leaky columns, IDs, duplicates, "
                "skewed values and heavy missingness decide what the cleaning and feature steps "
                "must do, and explain surprising scores later.",
                "Skipping straight to training, or 'fixing' the data with statistics computed "
                "on all rows (that belongs inside the pipeline, after the split).",
            ),
            Lesson(
                "clean",
                "Cleaning: fix the data without peeking at the test rows",
                "Cleaning comes in two kinds. Some fixes learn nothing — trimming spaces, merging "
                "spellings you chose, dropping exact duplicates or rows without a target — and "
                "are applied to the whole table before the split. Others learn a number from "
                "the data — the median that fills a gap, the fences that clip an outlier, which "
                "categories are rare — and are steps of the pipeline, learned from training rows "
                "only.",
                "A statistic computed on all rows has seen the test rows, so the test score "
                "flatters the model. Inside the pipeline, every cross-validation fold learns its "
                "own median and fences from its own training part, exactly as the final model "
                "will meet new data it has never seen.",
                "Filling missing values or removing outliers on the whole table before "
                "splitting, or removing outlier rows from the test data (a model must predict "
                "every row it is given).",
            ),
            Lesson(
                "features",
                "Feature engineering: turn columns into numbers a model can use well",
                "Models take numbers. Categories become one-hot columns, ordered codes or "
                "(cross-fitted) target means; dates become year, month, weekday…; skewed numbers "
                "can be log-transformed; interactions multiply columns; selection and PCA keep "
                "the informative part; resampling rebalances classes while training.",
                "Good features matter more than the choice of algorithm, and every one of these "
                "steps learns something (levels, scales, which features are best) — so each is "
                "a pipeline step, fitted on training folds only.",
                "Selecting features or target-encoding on all rows before cross-validating: on "
                "pure noise that alone produces impressive — and fake — scores.",
            ),
            Lesson(
                "split",
                "Split and validation: an honest score needs rows the model never saw",
                "A share of the rows (the test split) is set aside and scored once, at the end. "
                "The rest is cut into K folds: the model trains on K−1 of them and is scored on "
                "the remaining one, K times, so every training row is used for validation "
                "exactly once. The mean of the K scores estimates how the model does on new "
                "rows; their spread says how much to trust it.",
                "A model always looks better on rows it has learned from. Folds must mimic how "
                "the model will be used: stratified so every class is in every fold, grouped so "
                "one customer is never on both sides, ordered in time so the model never "
                "learns from the future.",
                "Tuning on the test split (it stops being a test), shuffling time-ordered rows "
                "(the model peeks at the future), and splitting rows of the same customer "
                "between training and validation (the score measures memory, not skill).",
            ),
            Lesson(
                "algorithm",
                "Choosing an algorithm: compare learners under the same folds",
                "Each algorithm is a different way of drawing a boundary or a curve through "
                "the data: straight lines (linear models), questions (trees), votes of many "
                "trees (forests, boosting), distances (k-nearest neighbours), margins "
                "(support vector machines) or layers of weights (neural networks).",
                "No algorithm is best on every table. Scoring several at default settings on "
                "the same folds, next to a baseline that ignores the features, shows which "
                "family suits your data and whether any of them learned anything at all.",
                "Picking the fanciest algorithm without a baseline, or comparing scores that "
                "came from different splits (a difference smaller than the fold-to-fold "
                "spread is noise).",
            ),
            Lesson(
                "tune",
                "Tuning: adjust the knobs, judged by cross-validation",
                "Hyperparameters are the settings you choose before training — how deep a tree "
                "may grow, how strongly weights are shrunk. Tuning tries settings and keeps the "
                "one with the best cross-validated score; a validation curve shows the score "
                "across one setting's range.",
                "Too simple a model misses the pattern (bias: training and validation scores "
                "both poor); too flexible a model memorises noise (variance: a high training "
                "score, a much lower validation score). Tuning finds the balance for your data.",
                "Judging settings by the training score, or by the test split — then the test "
                "score is no longer an honest estimate. Tune on cross-validation only.",
            ),
            Lesson(
                "evaluate",
                "Evaluation and diagnosis: how good is the model, compared to what, and why",
                "The final model is refitted on every training row and scored once on the "
                "held-out test split, beside a baseline that ignores the features. Several "
                "metrics look at different mistakes: accuracy counts them all alike, precision "
                "and recall separate false alarms from misses, ROC-AUC and PR-AUC judge the "
                "ranking, log loss and the calibration curve judge the probabilities, and for "
                "numbers MAE and RMSE give the typical error in the target's own units. A "
                "learning curve shows training and validation scores as the model sees more "
                "rows; the gap between them is what it memorises.",
                "A score means little on its own: 92 % accuracy is poor when always guessing the "
                "majority class already gives 90 %. The diagnosis turns the numbers into the "
                "next step — regularise an overfitting model, give an underfitting one more "
                "freedom or better features, or collect more rows while the curve still climbs.",
                "Trusting accuracy on imbalanced classes, reading a single number without its "
                "fold-to-fold spread, and going back to tune after looking at the test score "
                "(then it is no longer a test).",
            ),
            Lesson(
                "improve",
                "Improving: keep every attempt, and compare them fairly",
                "Every training is recorded as a run: its recipe, fold scores, test metrics and "
                "timings. Two runs on the same rows and folds can be compared fold by fold; a "
                "corrected t-test says whether their difference is larger than the noise "
                "between folds. A run's settings can be restored to continue from it, and new "
                "rows with the same columns can be added to retrain and compare.",
                "Most 'improvements' are smaller than the difference between two random splits. "
                "Comparing on the same folds, with a test that accounts for the folds sharing "
                "training rows, separates real progress from luck.",
                "Keeping whichever run scored highest once, comparing runs made on different "
                "folds or rows as if they were comparable, and forgetting which settings gave "
                "the good result.",
            ),
            Lesson(
                "deliver",
                "Delivering: a model others can use, check and trust",
                "A model is only useful once it leaves the notebook: as a file another program "
                "loads, as a script that rebuilds it from the data, as predictions for new rows, "
                "and as a report that says what it does and how well. ModelPath saves models as "
                ".skops files, which are checked type by type before anything is loaded, and "
                "writes a plain scikit-learn script that reproduces every number.",
                "Whoever uses the model needs to feed it the same columns, in the same form, as "
                "in training — and needs evidence that its score is real. A script that "
                "reproduces the numbers is that evidence; a report keeps the context (the "
                "baseline, the test split, the diagnosis) attached to the score.",
                "Sharing pickle files, which run arbitrary code when loaded; predicting on rows "
                "whose columns are missing or typed differently without noticing; and quoting a "
                "score without the baseline and the split it was measured on.",
            ),
        )
    }
)


def lesson_for(key: str) -> Lesson:
    """The lesson of a step.

    Raises
    ------
    ModelPathError
        When the step has no lesson.
    """
    try:
        return LESSONS[key]
    except KeyError:
        raise ModelPathError(
            f"There is no lesson for the step {key!r}.",
            "Lessons exist for: " + ", ".join(LESSONS) + ".",
            "Use one of those keys.",
        ) from None
