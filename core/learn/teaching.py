"""Guided-mode teaching content, kept as data: one experiment and one question per step and
task.

For every step of :data:`core.learn.lessons.LIFECYCLE` and every task (binary, multiclass,
regression) there is a :class:`TryThis` (one small experiment in ModelPath's own words: which
page, which control, what to watch) and a :class:`Question` ("check yourself") whose answers
each carry an explanation, so a wrong pick teaches as much as a right one. Where a step's page
shows something else for another task (metrics, charts, folds, errors), the step has one
experiment and question per task, so a regression never gets a decision threshold; elsewhere
one serves every task. The text lives here, apart from page code, so it can be reviewed,
tested and translated. The experiments quote the built-in samples where a number helps
("Customer churn (messy)" for yes/no, "Palmer penguins" for several classes, "Diabetes
progression" for numbers); the numbers were measured on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.errors import ModelPathError
from core.learn.lessons import LIFECYCLE
from core.learn.progress import APP_PAGES

__all__ = [
    "DEFAULT_TASK",
    "PAGE_FILES",
    "QUESTIONS",
    "TASKS",
    "TRY_THIS",
    "Answer",
    "Question",
    "TryThis",
    "check_answer",
    "question_for",
    "try_this_for",
]

MIN_ANSWERS = 3
MAX_ANSWERS = 4

#: The tasks the content is written for.
TASKS = ("binary", "multiclass", "regression")
#: The task shown before a target is chosen: the tutorial's churn table is a yes/no target.
DEFAULT_TASK = "binary"
_CLASSIFICATION = ("binary", "multiclass")

# The page titles a person sees in the navigation, and the file behind each: the experiments
# name pages by these titles.
PAGE_FILES: Mapping[str, str] = MappingProxyType({page.title: page.file for page in APP_PAGES})


@dataclass(frozen=True)
class TryThis:
    """One small experiment for a lifecycle step.

    Parameters
    ----------
    step : str
        The lifecycle step key (see :data:`core.learn.lessons.LIFECYCLE`).
    title : str
        A short headline.
    do : str
        What to change, in the app's own words (page names, control labels).
    watch : str
        What to look at afterwards, and what it shows.
    page : str
        The page file where the experiment happens, e.g. ``"steps/tune.py"``.
    tasks : tuple of str
        The tasks it is written for (default: every task).
    """

    step: str
    title: str
    do: str
    watch: str
    page: str
    tasks: tuple[str, ...] = TASKS


@dataclass(frozen=True)
class Answer:
    """One answer to a question.

    Parameters
    ----------
    text : str
        The answer as shown.
    correct : bool
        Whether it is the right answer.
    explanation : str
        Why it is right, or why it is wrong.
    """

    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """A "check yourself" question with three or four answers, exactly one of them correct.

    Parameters
    ----------
    step : str
        The lifecycle step key.
    prompt : str
        The question.
    answers : tuple of Answer
        Three or four answers, exactly one with ``correct=True``, each with an explanation.
    tasks : tuple of str
        The tasks it is written for (default: every task).

    Raises
    ------
    ModelPathError
        When the answers break those rules (e.g. in a translation).
    """

    step: str
    prompt: str
    answers: tuple[Answer, ...]
    tasks: tuple[str, ...] = TASKS

    def __post_init__(self) -> None:
        # Checked on construction so a broken translation fails at import, not in front of
        # a learner.
        n_correct = sum(answer.correct for answer in self.answers)
        texts = [answer.text.strip().casefold() for answer in self.answers]
        problems = []
        if not MIN_ANSWERS <= len(self.answers) <= MAX_ANSWERS:
            problems.append(f"it has {len(self.answers)} answers, not {MIN_ANSWERS}–{MAX_ANSWERS}")
        if n_correct != 1:
            problems.append(f"{n_correct} answers are marked correct, not exactly one")
        if len(set(texts)) != len(texts):
            problems.append("two answers have the same text")
        if not all(answer.text.strip() and answer.explanation.strip() for answer in self.answers):
            problems.append("an answer has no text or no explanation")
        if problems:
            raise ModelPathError(
                f"The question for the step {self.step!r} is malformed: {'; '.join(problems)}.",
                "A question needs 3–4 different answers, exactly one correct, each explained.",
                "Fix the question's answers in core/learn/teaching.py (or in its translation).",
            )

    def correct_answer(self) -> Answer:
        """The one correct answer.

        Returns
        -------
        Answer
        """
        return next(answer for answer in self.answers if answer.correct)


def _right(text: str, explanation: str) -> Answer:
    return Answer(text, True, explanation)


def _wrong(text: str, explanation: str) -> Answer:
    return Answer(text, False, explanation)


_EXPERIMENTS = (
    TryThis(
        "problem",
        "See the bar a model must clear",
        "Load the Customer churn (messy) sample on the Data page. On the Problem page, "
        "switch the primary metric from the recommended F1 to Accuracy, then to "
        "Balanced accuracy.",
        "The baseline shown under the metric. Always answering 'no' scores 0.827 "
        "accuracy, but 0.5 balanced accuracy and 0 F1: the same do-nothing model looks "
        "good or useless depending on the question the metric asks.",
        "steps/problem.py",
        ("binary",),
    ),
    TryThis(
        "data",
        "Misread a column on purpose",
        "Load the Customer churn (messy) sample. In the Column kinds table on the Data "
        "page, change signup_date from datetime to numeric.",
        "The warning under the table: read as numbers, all 2,000 dates become missing "
        "values. Read the 'why' column for customer_id as well, then press 'Use the "
        "detected kinds again' to undo.",
        "steps/data.py",
    ),
    TryThis(
        "explore",
        "Spot the column that gives the answer away",
        "With the churn sample and churned as the target, open the Feature vs target "
        "tab on the Explore page and pick cancellation_reason, then satisfaction_score.",
        "cancellation_reason separates churned from stayed almost perfectly: a reason "
        "is only recorded after a customer has left, so it leaks the target. That is "
        "why the Problem page left it out by default (Findings flags it as critical "
        "while it is a feature). satisfaction_score, an honest predictor, only shifts "
        "the odds.",
        "steps/explore.py",
        _CLASSIFICATION,
    ),
    TryThis(
        "clean",
        "Clip outliers, and see what else gets clipped",
        "On the Clean page, under '2 · Inside the pipeline', set Outlier treatment to "
        "'Clip to the IQR fences' and press 'Apply these steps'; then press 'Show the "
        "effect on the training rows'.",
        "The 'values clipped' column, counted on training rows only. On the churn sample "
        "a handful of monthly_charges (the 9999 typos) and ages (-1 and 200) are "
        "clipped, but so are 124 real total_data_gb values from its long tail: a skewed "
        "column may want a log transform on the Features page instead.",
        "steps/clean.py",
    ),
    TryThis(
        "features",
        "One-hot against ordinal codes",
        "On the Features page, set Categorical encoding to One-hot, press 'Apply these "
        "features' and then Preview; switch to Ordinal codes and preview again.",
        "The size of the training matrix. On the churn sample, with the suggested "
        "columns left out on the Problem page, one-hot gives 41 features and ordinal "
        "codes 14. With 'Trim spaces and lower-case' chosen on the Clean page, one-hot "
        "falls to 27, because 'North', ' North' and 'north' become one level.",
        "steps/features.py",
    ),
    TryThis(
        "split",
        "Stratify the folds",
        "On the Split & validation page, set Scheme to K-fold and Folds (K) to 20, "
        "press Apply; then set Scheme to Stratified K-fold and apply again.",
        "The 'share of yes in validation' column of the fold table (churn sample). With "
        "plain K-fold it wanders from about 9 % to 24 %; stratified, every fold holds "
        "16–18 % churners, like the whole table.",
        "steps/split.py",
        _CLASSIFICATION,
    ),
    TryThis(
        "algorithm",
        "Race the algorithms against the baseline",
        "On the Algorithm page, press Compare quickly.",
        "Where the baseline lands in the leaderboard and how far above it each "
        "algorithm's mean is. When the top two differ by less than their ± spread, the "
        "order between them is noise: prefer the simpler or faster one.",
        "steps/algorithm.py",
    ),
    TryThis(
        "tune",
        "Watch a tree memorise",
        "Choose Decision tree on the Algorithm page. On the Tune page, under Validation "
        "curve, pick max_depth as the hyperparameter to sweep and press 'Draw the "
        "curve'.",
        "As max_depth grows, the training line climbs towards 1.0 while the "
        "cross-validation line levels off or falls. The widening gap is overfitting; "
        "the best depth is where the cross-validation line peaks.",
        "steps/tune.py",
        _CLASSIFICATION,
    ),
    TryThis(
        "evaluate",
        "Move the decision threshold",
        "Train a model with probabilities (e.g. Logistic regression) on the churn "
        "sample on the Metrics page, then lower the threshold slider under 'Where the "
        "model goes wrong' from 0.5 to about 0.2.",
        "Recall rises and precision falls in the numbers beside the slider, and the "
        "confusion matrix moves churners from missed to found at the cost of more false "
        "alarms. The model is unchanged: the threshold only trades one mistake for the "
        "other.",
        "steps/evaluate.py",
        ("binary",),
    ),
    TryThis(
        "improve",
        "Is the new run really better?",
        "Train a model on the Metrics page, change one setting (e.g. lower max_depth on "
        "the Tune page) and train again without touching the split or the folds. On the "
        "Runs page, compare the two runs.",
        "What changed between the recipes, and whether the score difference beats the "
        "fold-to-fold noise. A gain of 0.005 when the folds spread by 0.02 is usually "
        "luck, not progress.",
        "steps/runs.py",
    ),
    TryThis(
        "deliver",
        "Reproduce the score without ModelPath",
        "On the Export page, download train_model.py and the data file beside it, then "
        "run: python train_model.py followed by the data file's name.",
        "The script prints the same cross-validation and test scores as the Metrics "
        "page, beside the baseline, using only pandas, scikit-learn and "
        "imbalanced-learn: the evidence that the numbers are real. Open it to see every "
        "cleaning and feature step as a plain pipeline step.",
        "steps/export.py",
    ),
    # --- the same steps for several classes -------------------------------------------
    TryThis(
        "problem",
        "See the bar a model must clear",
        "Load the Palmer penguins sample on the Data page. On the Problem page, switch "
        "the primary metric from the recommended Balanced accuracy to Accuracy, then to "
        "F1 (macro).",
        "The baseline shown under the metric. Always answering 'Adelie', the most "
        "common species, scores 0.442 accuracy but 0.333 balanced accuracy and 0.204 "
        "macro F1: a metric that weighs every species equally shows the do-nothing "
        "model for what it is.",
        "steps/problem.py",
        ("multiclass",),
    ),
    TryThis(
        "evaluate",
        "Find the class the model confuses",
        "Train a model on the Metrics page (the Palmer penguins sample works well), then "
        "open the Confusion matrix tab under 'Where the model goes wrong' and switch on "
        "'Show shares of each actual class'.",
        "Each row is a true class: the diagonal is the share the model gets right, the "
        "rest shows which class it takes it for. 'Errors per class' on the Why page "
        "lists the class missed most often first: a good overall accuracy can hide one "
        "class the model rarely gets right.",
        "steps/evaluate.py",
        ("multiclass",),
    ),
    # --- the same steps for numbers ---------------------------------------------------
    TryThis(
        "problem",
        "See the bar a model must clear",
        "Load the Diabetes progression sample on the Data page. On the Problem page, "
        "switch the primary metric from the recommended RMSE to MAE, then to R².",
        "The baseline shown under the metric. Always predicting the mean (152.1) is off "
        "by 77.0 in RMSE and 65.8 in MAE, and scores an R² of 0: a model is only worth "
        "something if it beats these, and R² says how much of the baseline's squared "
        "error it removes.",
        "steps/problem.py",
        ("regression",),
    ),
    TryThis(
        "explore",
        "Tell a signal from a copy of the target",
        "With the Diabetes progression sample and disease_progression as the target, "
        "open the Feature vs target tab on the Explore page and pick bmi, then sex.",
        "bmi: the cloud of points drifts upwards with the target, a real but noisy "
        "predictor. sex barely moves the target. A column whose points lie on a thin "
        "line through the target is too good to be true: it is usually computed from "
        "the target or recorded after it, and would leak the answer.",
        "steps/explore.py",
        ("regression",),
    ),
    TryThis(
        "split",
        "See how much a test score can swing",
        "On the Split & validation page, set Test share to 0.10 and press Apply; note "
        "the number of test rows, then set it to 0.30 and apply again.",
        "The rows left for the test score. On a small table such as Diabetes "
        "progression (442 rows), a 0.10 share leaves about 45 test rows, and a handful "
        "of large errors among them moves the test RMSE a lot. Cross-validation's mean "
        "over every fold is the steadier number to compare settings with.",
        "steps/split.py",
        ("regression",),
    ),
    TryThis(
        "tune",
        "Watch a tree memorise",
        "Choose Decision tree on the Algorithm page. On the Tune page, under Validation "
        "curve, pick max_depth as the hyperparameter to sweep and press 'Draw the "
        "curve'.",
        "With an error metric such as RMSE, lower is better: as max_depth grows, the "
        "training error falls towards 0 while the cross-validation error levels off or "
        "rises. The widening gap is overfitting; the best depth is where the "
        "cross-validation error is lowest.",
        "steps/tune.py",
        ("regression",),
    ),
    TryThis(
        "evaluate",
        "Read the residuals",
        "Train a model on the Metrics page (e.g. Ridge on the Diabetes progression "
        "sample). Under 'Where the model goes wrong', open Predicted vs actual, then "
        "Residuals; compare MAE with RMSE in 'Every metric on the test split'.",
        "Points on the diagonal are perfect predictions. Residuals should form a "
        "shapeless band around 0: a funnel (errors growing with the prediction) or a "
        "curve means a pattern the model misses, which a log transform of the target "
        "or a more flexible model may catch. RMSE well above MAE means a few large "
        "errors dominate: look at them in 'The worst-predicted test rows' on the Why "
        "page.",
        "steps/evaluate.py",
        ("regression",),
    ),
)


_QUESTIONS = (
    Question(
        "problem",
        "Your classes are 90 % 'no' and 10 % 'yes'. The model's accuracy is 0.91. Is it "
        "a good model?",
        (
            _wrong(
                "Yes: it is right 91 % of the time.",
                "Always answering 'no' is right 90 % of the time without looking at any "
                "feature, so 0.91 is barely above doing nothing.",
            ),
            _right(
                "Not shown yet: compare it with the 0.90 baseline and check recall or F1 on 'yes'.",
                "Accuracy counts every row alike, so the majority class dominates it. "
                "Whether the model finds the rare 'yes' rows is what recall, F1 or "
                "balanced accuracy tell you.",
            ),
            _wrong(
                "No: accuracy below 0.95 is always poor.",
                "There is no universal good score. A number only means something next "
                "to a baseline on the same data.",
            ),
        ),
        ("binary",),
    ),
    Question(
        "data",
        "Your file has a country column where 'NA' means Namibia. ModelPath reads 'NA' "
        "as missing by default. What happens if nobody notices?",
        (
            _wrong(
                "Nothing: the model learns the same either way.",
                "The model never sees 'Namibia' at all, so it cannot learn anything "
                "about those rows.",
            ),
            _wrong(
                "The app stops with an error about an unknown value.",
                "It cannot know 'NA' means Namibia in your file; it reads the cell as "
                "missing and carries on.",
            ),
            _right(
                "The Namibian rows silently lose their country, and later steps fill "
                "or drop them as gaps.",
                "A misread value is not an error message, just a wrong table. Check the "
                "missing counts per column and remove 'NA' from the missing-value words "
                "when it is a real value.",
            ),
        ),
    ),
    Question(
        "explore",
        "A single column predicts the target with 99 % balanced accuracy on its own. "
        "What is the most likely explanation?",
        (
            _wrong(
                "You found a great feature: keep it and move on.",
                "Real predictors are rarely that good. Trusting it gives an impressive "
                "score that collapses in use.",
            ),
            _wrong(
                "The column needs scaling before it can be judged.",
                "Scaling changes units, not how well a column separates the classes.",
            ),
            _right(
                "It is probably leakage: recorded after the outcome, or a copy of it.",
                "Ask whether the value is known at the moment of prediction. A "
                "cancellation reason exists only after a customer has left, so it "
                "cannot be used to predict leaving.",
            ),
            _wrong(
                "The data has too few rows.",
                "Too few rows make scores noisy, but a near-perfect score from one "
                "column points at what the column contains.",
            ),
        ),
        _CLASSIFICATION,
    ),
    Question(
        "clean",
        "You fill missing ages with the median of the whole table, then split it into "
        "training and test rows. What goes wrong?",
        (
            _right(
                "The test rows helped compute the median, so the test score flatters "
                "the model a little.",
                "Anything that learns from data must learn from training rows only. "
                "As a pipeline step, the imputer learns its median on each training "
                "fold, just as the final model will meet new rows.",
            ),
            _wrong(
                "Nothing: a median is just a number.",
                "That number was computed partly from the test rows, so the test rows "
                "shaped the training data.",
            ),
            _wrong(
                "The median should have been the mean.",
                "Mean or median is a separate choice; the problem is which rows the "
                "statistic was computed on.",
            ),
        ),
    ),
    Question(
        "features",
        "From 10,000 random-noise columns you keep the 20 most related to the target, "
        "using all rows, then cross-validate: 0.85 accuracy on a 50/50 target. What "
        "happened?",
        (
            _wrong(
                "Selection found the 20 real signals among the noise.",
                "There is no signal in pure noise; an honest score would sit near 0.5.",
            ),
            _wrong(
                "20 features are too few; keep 100.",
                "More noise columns chosen the same way only leak more; the problem is "
                "where the choosing happened.",
            ),
            _right(
                "The selection saw the validation rows, so the score is fake.",
                "Among 10,000 noise columns some match the target by chance on these "
                "rows. Selecting inside the pipeline, on training folds only, brings "
                "the score back to about 0.5.",
            ),
        ),
        _CLASSIFICATION,
    ),
    Question(
        "split",
        "Each customer appears in about ten rows. With a random split, cross-validation "
        "gives 0.95, but on new customers the model scores 0.70. Why?",
        (
            _right(
                "The same customer's rows sat on both sides, so validation measured "
                "memory of customers.",
                "Use a group split and Group K-fold with the customer id as the group, "
                "so every customer is entirely in training or entirely in validation.",
            ),
            _wrong(
                "Five folds are too few; use twenty.",
                "More folds still mix each customer's rows across training and "
                "validation, so the score stays too optimistic.",
            ),
            _wrong(
                "New customers are just harder; nothing can be done.",
                "The gap is a measurement error: the validation rows were not new to "
                "the model. A grouped split reveals the honest score before you ship.",
            ),
        ),
    ),
    Question(
        "algorithm",
        "On the same folds, random forest scores 0.842 ± 0.020 and gradient boosting "
        "0.848 ± 0.021. Which is better?",
        (
            _wrong(
                "Gradient boosting: 0.848 is higher.",
                "A difference of 0.006 is far smaller than the fold-to-fold spread of "
                "0.02; another split could reverse it.",
            ),
            _right(
                "Neither clearly: the difference is smaller than the noise.",
                "Pick on other grounds (speed, simplicity, explainability) or compare "
                "them fold by fold with a corrected t-test before claiming a winner.",
            ),
            _wrong(
                "Random forest: its spread is smaller.",
                "0.020 against 0.021 is the same spread for any practical purpose.",
            ),
        ),
        _CLASSIFICATION,
    ),
    Question(
        "tune",
        "Training score 0.99, cross-validation 0.81. Over- or underfitting, and what do you try?",
        (
            _right(
                "Overfitting: make the model simpler or regularise it (e.g. lower "
                "max_depth, raise min_samples_leaf), or add rows.",
                "A large gap between training and validation scores means the model "
                "memorises its training rows. Less freedom or more data narrows it.",
            ),
            _wrong(
                "Underfitting: make the model more flexible.",
                "An underfitting model scores poorly on its own training rows too; "
                "0.99 is anything but poor.",
            ),
            _wrong(
                "A good fit: 0.81 is a fine score.",
                "0.81 may be fine, but an 0.18 gap says the model could generalise "
                "better than it does.",
            ),
            _wrong(
                "Tune on the test split instead, which is more honest.",
                "Tuning on the test split turns it into another validation set; it "
                "stops being an honest final check.",
            ),
        ),
        _CLASSIFICATION,
    ),
    Question(
        "evaluate",
        "Training score 0.72, cross-validation 0.71, baseline 0.68, and the learning "
        "curve is flat. What should you try next?",
        (
            _wrong(
                "Collect many more rows.",
                "A flat learning curve means more rows of the same kind will barely "
                "help; the model cannot use what it already has.",
            ),
            _wrong(
                "Regularise harder to close the gap.",
                "There is hardly a gap (0.01). More regularisation makes an already "
                "too simple model simpler.",
            ),
            _right(
                "It underfits: give it more freedom or better features.",
                "Both scores are low and close together, only just above the baseline. "
                "A more flexible algorithm, weaker regularisation or more informative "
                "features are what can help.",
            ),
        ),
        _CLASSIFICATION,
    ),
    Question(
        "improve",
        "Run A used split seed 1 and run B seed 2. B's cross-validation score is 0.01 "
        "higher. What can you conclude?",
        (
            _wrong(
                "B is better by 0.01.",
                "The two runs were scored on different rows, so part or all of the "
                "difference comes from the split itself.",
            ),
            _wrong(
                "A is better, because seed 1 came first.",
                "The order of seeds means nothing; a seed only fixes which rows go where.",
            ),
            _right(
                "Nothing yet: the runs are not comparable; retrain both on the same "
                "rows and folds.",
                "Only runs on the same folds can be compared fold by fold, with a test "
                "that tells a real difference from noise.",
            ),
        ),
    ),
    Question(
        "deliver",
        "A colleague sends you model.pkl, a pickle file. Why does ModelPath refuse to load it?",
        (
            _right(
                "Loading a pickle can run any code hidden in it.",
                "Ask for a .skops file, whose every type is checked against an "
                "allow-list before loading, or for the training script to rebuild the "
                "model yourself.",
            ),
            _wrong(
                "Pickle files are too large.",
                "Size is not the issue; a pickle file can be small and still dangerous.",
            ),
            _wrong(
                "Pickle only works with an old scikit-learn.",
                "Version mismatches are a nuisance, but the reason for refusing is "
                "safety: unpickling executes code.",
            ),
        ),
    ),
    # --- the same steps for several classes -------------------------------------------
    Question(
        "problem",
        "Your three classes make up 70 %, 20 % and 10 % of the rows. The model's "
        "accuracy is 0.72. Is it a good model?",
        (
            _wrong(
                "Yes: it is right 72 % of the time.",
                "Always answering the largest class is right 70 % of the time without "
                "looking at any feature, so 0.72 is barely above doing nothing.",
            ),
            _wrong(
                "No: with three classes, accuracy must reach 0.9.",
                "There is no universal good score. A number only means something next "
                "to a baseline on the same data.",
            ),
            _right(
                "Not shown yet: compare it with the 0.70 baseline and check the recall "
                "of each class, or balanced accuracy.",
                "Accuracy counts every row alike, so the largest class dominates it. "
                "Balanced accuracy and macro F1 give each class the same weight, and "
                "'Errors per class' shows which one the model misses.",
            ),
        ),
        ("multiclass",),
    ),
    # --- the same steps for numbers ---------------------------------------------------
    Question(
        "problem",
        "You predict house prices that average 300,000. The model's RMSE is 45,000. Is "
        "it a good model?",
        (
            _wrong(
                "Yes: 45,000 is small next to 300,000.",
                "The size of the prices says nothing about how hard they are to guess. "
                "If they spread by 47,000 around their mean, always predicting the "
                "mean already errs by 47,000.",
            ),
            _right(
                "Not shown yet: compare it with the RMSE of always predicting the mean "
                "(the baseline) on the same rows.",
                "An error means something only next to the baseline. R² says the same "
                "in one number: the share of the baseline's squared error the model "
                "removes (0 is no better than the mean).",
            ),
            _wrong(
                "No: an RMSE above 10,000 is always poor.",
                "There is no universal good error: it is in the target's own units and "
                "depends on how much the target varies.",
            ),
        ),
        ("regression",),
    ),
    Question(
        "explore",
        "A single column predicts the target with an R² of 0.99 on its own. What is the "
        "most likely explanation?",
        (
            _wrong(
                "You found a great feature: keep it and move on.",
                "Real predictors are rarely that good. Trusting it gives an impressive "
                "score that collapses in use.",
            ),
            _right(
                "It is probably leakage: computed from the target, or recorded after it.",
                "Ask whether the value is known at the moment of prediction. A 'total "
                "paid' column cannot help predict the price it contains, because it is "
                "only known once the price is.",
            ),
            _wrong(
                "The column needs scaling before it can be judged.",
                "Scaling changes units, not how closely a column follows the target.",
            ),
            _wrong(
                "The data has too few rows.",
                "Too few rows make scores noisy, but a near-perfect score from one "
                "column points at what the column contains.",
            ),
        ),
        ("regression",),
    ),
    Question(
        "features",
        "From 10,000 random-noise columns you keep the 20 most correlated with the "
        "target, using all rows, then cross-validate: R² 0.6, although the target is "
        "noise too. What happened?",
        (
            _right(
                "The selection saw the validation rows, so the score is fake.",
                "Among 10,000 noise columns some follow the target by chance on these "
                "rows. Selecting inside the pipeline, on training folds only, brings R² "
                "back to about 0 or below.",
            ),
            _wrong(
                "Selection found the 20 real signals among the noise.",
                "There is no signal in pure noise; an honest R² would sit near 0.",
            ),
            _wrong(
                "20 features are too few; keep 100.",
                "More noise columns chosen the same way only leak more; the problem is "
                "where the choosing happened.",
            ),
        ),
        ("regression",),
    ),
    Question(
        "algorithm",
        "On the same folds, ridge has an RMSE of 54.1 ± 3.0 and random forest "
        "53.2 ± 3.4. Which is better?",
        (
            _wrong(
                "Random forest: its error is lower.",
                "A difference of 0.9 is far smaller than the fold-to-fold spread of "
                "about 3; another split could reverse it.",
            ),
            _wrong(
                "Ridge: its spread is smaller.",
                "3.0 against 3.4 is about the same spread; neither number picks a winner.",
            ),
            _right(
                "Neither clearly: the difference is smaller than the noise.",
                "Pick on other grounds (speed, simplicity, explainability: ridge wins "
                "those) or compare them fold by fold before claiming a winner.",
            ),
        ),
        ("regression",),
    ),
    Question(
        "tune",
        "Training RMSE 2.1, cross-validation RMSE 9.8 (lower is better). Over- or "
        "underfitting, and what do you try?",
        (
            _wrong(
                "Underfitting: make the model more flexible.",
                "An underfitting model errs a lot on its own training rows too; an "
                "error of 2.1 there is small.",
            ),
            _right(
                "Overfitting: make the model simpler or regularise it (e.g. lower "
                "max_depth, raise alpha), or add rows.",
                "A large gap between training and validation errors means the model "
                "memorises its training rows. Less freedom or more data narrows it.",
            ),
            _wrong(
                "A good fit: a training error of 2.1 is excellent.",
                "The training error shows what the model memorised; the 9.8 on rows it "
                "did not see is what it will do in use.",
            ),
            _wrong(
                "Tune on the test split instead, which is more honest.",
                "Tuning on the test split turns it into another validation set; it "
                "stops being an honest final check.",
            ),
        ),
        ("regression",),
    ),
    Question(
        "evaluate",
        "On the test split, MAE is 3.1 and RMSE is 9.8 (in the target's units). What "
        "does the gap tell you?",
        (
            _wrong(
                "The model overfits.",
                "Over- and underfitting are read from training against validation "
                "scores, not from two metrics of the same test predictions.",
            ),
            _wrong(
                "RMSE is the wrong metric; only MAE counts.",
                "Both answer different questions: MAE is the typical error, RMSE "
                "punishes large misses. Which matters depends on what a big miss costs.",
            ),
            _wrong(
                "The test split is too small to trust either number.",
                "A small test split makes both numbers noisy, but it does not make one "
                "three times the other.",
            ),
            _right(
                "A few rows have very large errors: RMSE squares the errors, so they dominate it.",
                "If the errors were all of a size, RMSE and MAE would be close. Look at "
                "the residuals and the worst-predicted rows: outliers, typos, or a group "
                "of rows the model does not understand?",
            ),
        ),
        ("regression",),
    ),
)


def _by_step_and_task(items: tuple, what: str) -> Mapping[str, Mapping[str, object]]:
    """Step → task → item, checked to hold exactly one item for every step and task (a gap or
    a clash fails at import, not in front of a learner)."""
    table: dict[str, dict[str, object]] = {}
    for item in items:
        for task in item.tasks:
            if task not in TASKS:
                raise ModelPathError(
                    f"The {what} for the step {item.step!r} names an unknown task {task!r}.",
                    "Teaching content is written for: " + ", ".join(TASKS) + ".",
                    "Fix its tasks in core/learn/teaching.py.",
                )
            if task in table.setdefault(item.step, {}):
                raise ModelPathError(
                    f"The step {item.step!r} has two {what}s for the task {task!r}.",
                    "Each step has exactly one per task.",
                    "Remove one, or narrow its tasks, in core/learn/teaching.py.",
                )
            table[item.step][task] = item
    for step in LIFECYCLE:
        missing = [task for task in TASKS if task not in table.get(step.key, {})]
        if missing:
            raise ModelPathError(
                f"The step {step.key!r} has no {what} for: {', '.join(missing)}.",
                "Each step has exactly one per task.",
                "Add one, or widen the tasks of an existing one, in core/learn/teaching.py.",
            )
    return MappingProxyType(
        {step.key: MappingProxyType(dict(table[step.key])) for step in LIFECYCLE}
    )


#: Step → task → the "Try this" experiment.
TRY_THIS: Mapping[str, Mapping[str, TryThis]] = _by_step_and_task(_EXPERIMENTS, "experiment")
#: Step → task → the "Check yourself" question.
QUESTIONS: Mapping[str, Mapping[str, Question]] = _by_step_and_task(_QUESTIONS, "question")


def _unknown_step(step: object) -> ModelPathError:
    keys = ", ".join(s.key for s in LIFECYCLE)
    return ModelPathError(
        f"There is no teaching content for the step {step!r}.",
        f"Steps are: {keys}.",
        "Use one of those keys.",
    )


def _task(task: str | None) -> str:
    if task is None:
        return DEFAULT_TASK
    if task not in TASKS:
        raise ModelPathError(
            f"There is no teaching content for the task {task!r}.",
            "Tasks are: " + ", ".join(TASKS) + ".",
            "Use one of those, or None before a target is chosen.",
        )
    return task


def try_this_for(step: str, task: str | None = None) -> TryThis:
    """The "Try this" experiment of a step, for a task.

    Parameters
    ----------
    step : str
        A lifecycle step key, e.g. ``"tune"``.
    task : {"binary", "multiclass", "regression"} or None, default=None
        The person's task; None (no target yet) gives :data:`DEFAULT_TASK`'s.

    Returns
    -------
    TryThis

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle key or ``task`` not a task; the message names them.
    """
    task = _task(task)
    try:
        return TRY_THIS[step][task]
    except (KeyError, TypeError):
        raise _unknown_step(step) from None


def question_for(step: str, task: str | None = None) -> Question:
    """The "Check yourself" question of a step, for a task.

    Parameters
    ----------
    step : str
        A lifecycle step key, e.g. ``"tune"``.
    task : {"binary", "multiclass", "regression"} or None, default=None
        The person's task; None (no target yet) gives :data:`DEFAULT_TASK`'s.

    Returns
    -------
    Question

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle key or ``task`` not a task; the message names them.
    """
    task = _task(task)
    try:
        return QUESTIONS[step][task]
    except (KeyError, TypeError):
        raise _unknown_step(step) from None


def check_answer(step: str, index: int, task: str | None = None) -> tuple[bool, str]:
    """Whether the chosen answer is right, and why.

    Parameters
    ----------
    step : str
        A lifecycle step key.
    index : int
        The position of the chosen answer in ``question_for(step, task).answers`` (from 0).
    task : {"binary", "multiclass", "regression"} or None, default=None
        The task the question was asked for.

    Returns
    -------
    tuple of (bool, str)
        ``(correct, explanation)`` of the chosen answer.

    Raises
    ------
    ModelPathError
        When ``step`` or ``task`` is unknown, or ``index`` is not the position of one of its
        answers.
    """
    question = question_for(step, task)
    count = len(question.answers)
    # bool is an int subclass; True as "answer 1" would be a caller's mistake, not a choice.
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise ModelPathError(
            f"There is no answer {index!r} to the question of the step {step!r}.",
            f"It has {count} answers, numbered 0 to {count - 1}.",
            "Pass the position of one of them.",
        )
    answer = question.answers[index]
    return answer.correct, answer.explanation
