"""The "Try this" experiments of guided mode, one per lifecycle step and task, in step order.
They quote the built-in samples where a number helps; the numbers were measured on them.
"""

from __future__ import annotations

from core.learn.teaching_items import _CLASSIFICATION, TryThis

ALL_EXPERIMENTS: tuple[TryThis, ...] = (
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
