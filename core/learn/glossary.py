"""The glossary: machine-learning terms as data, so lessons and pages can link to them.

Each :class:`Term` has a plain definition and a concrete example (with numbers where they
help). :func:`find_terms` finds the terms a text mentions, so a lesson can link its words to
their definitions; :func:`search_terms` backs a search box. Spelling follows the rest of the
app (British: regularisation, standardisation); American spellings are aliases.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.errors import ModelPathError

__all__ = ["GLOSSARY", "Term", "find_terms", "search_terms", "sort_key", "term"]


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Parameters
    ----------
    key : str
        Stable identifier, e.g. ``"roc_auc"``.
    name : str
        The name as shown, e.g. ``"ROC-AUC"``.
    definition : str
        One or two plain sentences.
    example : str
        A concrete example, with numbers where possible.
    aliases : tuple of str, default=()
        Other ways of writing it (abbreviations, spellings, verb forms) that :func:`find_terms`
        also recognises.
    related : tuple of str, default=()
        Keys of related terms.
    """

    key: str
    name: str
    definition: str
    example: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        """The name and every alias: the ways a text can mention this term."""
        return (self.name, *self.aliases)


def sort_key(name: str) -> str:
    """The alphabetical order of names: case-insensitive, with "R²" filed as "R2".

    Parameters
    ----------
    name : str

    Returns
    -------
    str
    """
    return unicodedata.normalize("NFKD", name).casefold()


_TERMS = (
    Term(
        "accuracy",
        "Accuracy",
        "The share of rows whose class is predicted correctly. Every mistake counts the same, "
        "so on imbalanced classes it mostly measures the majority class.",
        "A model that gets 910 of 1,000 rows right has accuracy 0.91; if 900 rows are 'no', "
        "always answering 'no' already scores 0.90.",
        related=("balanced_accuracy", "baseline", "class_imbalance"),
    ),
    Term(
        "balanced_accuracy",
        "Balanced accuracy",
        "The average of the recall of each class, so a small class counts as much as a large "
        "one. Always predicting one class scores 1 divided by the number of classes.",
        "Finding 95 % of the 900 'no' rows and 40 % of the 100 'yes' rows gives balanced "
        "accuracy (0.95 + 0.40) / 2 = 0.675, although plain accuracy is 0.895.",
        related=("accuracy", "class_imbalance", "recall"),
    ),
    Term(
        "baseline",
        "Baseline",
        "A model that ignores every feature, such as always predicting the most common class "
        "or the mean of the target. A real model is only useful if it clearly beats it.",
        "With 17 % churners, the baseline 'nobody churns' scores 0.83 accuracy, 0.5 ROC-AUC "
        "and 0 F1.",
        aliases=("dummy model", "baseline model"),
        related=("accuracy", "metric"),
    ),
    Term(
        "bias_variance",
        "Bias–variance trade-off",
        "Too simple a model misses the pattern (high bias, underfitting); too flexible a model "
        "also learns the noise (high variance, overfitting). The best model sits between.",
        "A tree of depth 1 scores 0.70 on training and validation rows (bias); depth 30 scores "
        "1.00 and 0.78 (variance); depth 6 scores 0.88 and 0.85.",
        aliases=("bias-variance trade-off", "bias-variance tradeoff", "bias–variance tradeoff"),
        related=("overfitting", "underfitting", "regularisation", "validation_curve"),
    ),
    Term(
        "calibration",
        "Calibration",
        "How far predicted probabilities can be taken at face value. A calibration curve plots, "
        "for rows given a certain probability, how often the event really happened.",
        "Of 200 customers given a churn probability near 0.30, 58 churned (0.29): well "
        "calibrated. If 120 had churned (0.60), the probabilities would be too low.",
        aliases=("calibration curve", "calibrated", "reliability diagram"),
        related=("log_loss", "threshold"),
    ),
    Term(
        "class_imbalance",
        "Class imbalance",
        "When one class is much rarer than the others. Accuracy then flatters a model that "
        "ignores the rare class, and folds must be stratified to contain it.",
        "17 churners in every 100 customers: a model that never predicts churn is still right "
        "83 % of the time.",
        aliases=("imbalance", "imbalanced", "imbalanced classes", "rare class"),
        related=("balanced_accuracy", "class_weights", "resampling", "smote", "stratification"),
    ),
    Term(
        "class_weights",
        "Class weights",
        "Making mistakes on a rare class cost more during training, instead of changing the "
        "rows. 'Balanced' weights are inversely proportional to class size.",
        "With 900 'no' and 100 'yes' rows, balanced weights count each 'yes' row 9 times as "
        "much as a 'no' row.",
        aliases=("class weight", "class_weight", "balanced weights"),
        related=("class_imbalance", "resampling"),
    ),
    Term(
        "classification",
        "Classification",
        "Predicting a category: binary when there are two classes, multiclass when there are "
        "more. Classifiers usually also give a probability per class.",
        "Predicting churned yes/no is binary classification; predicting one of 3 iris species "
        "is multiclass.",
        aliases=(
            "classifier",
            "binary classification",
            "multiclass classification",
            "binary",
            "multiclass",
        ),
        related=("regression", "target"),
    ),
    Term(
        "column_kind",
        "Column kind",
        "What a column holds as far as modelling is concerned: numeric, categorical, yes/no, "
        "date, free text, identifier or constant. It decides how the column is prepared.",
        "A price column read as text would be one-hot encoded into hundreds of columns instead "
        "of being used as a number.",
        aliases=("column type", "data type", "dtype"),
        related=("feature", "identifier"),
    ),
    Term(
        "confusion_matrix",
        "Confusion matrix",
        "A table counting, for each actual class, how many rows were predicted as each class. "
        "The diagonal holds the correct predictions, everything else a kind of mistake.",
        "Of 100 real churners, 62 predicted 'yes' (found) and 38 'no' (missed); of 400 "
        "stayers, 30 predicted 'yes' (false alarms).",
        aliases=("false positive", "false negative", "true positive", "true negative"),
        related=("precision", "recall", "threshold"),
    ),
    Term(
        "correlation",
        "Correlation",
        "How closely two numeric columns move together, from -1 to 1. Pearson measures "
        "straight-line relations; Spearman any steadily rising or falling one.",
        "Tenure and total charges with a Pearson correlation of 0.83 carry much the same "
        "information; 0.05 means no straight-line relation.",
        aliases=("correlated", "Pearson", "Spearman", "correlation matrix"),
        related=("feature", "permutation_importance"),
    ),
    Term(
        "corrected_t_test",
        "Corrected resampled t-test",
        "A test of whether two models' scores on the same folds differ by more than chance. "
        "It is corrected because folds share training rows, which makes a plain t-test too "
        "confident.",
        "Two runs differ by 0.012 across the same 5 folds: a plain t-test says p = 0.04, but "
        "the corrected test says p = 0.12, so the gain may well be noise.",
        aliases=("corrected t-test", "t-test", "Nadeau-Bengio"),
        related=("cross_validation", "fold", "metric"),
    ),
    Term(
        "cross_validation",
        "Cross-validation",
        "Estimating how a model does on new rows by cutting the training rows into K folds, "
        "training on K−1 and scoring the remaining one, K times. The mean of the scores is the "
        "estimate, their spread how much to trust it.",
        "5-fold cross-validation of 1,600 rows trains 5 models on 1,280 rows each and scores "
        "each on the other 320: 0.84 ± 0.02.",
        aliases=(
            "CV",
            "cross validation",
            "cross-validate",
            "cross-validated",
            "cross-validating",
            "cross-validation score",
        ),
        related=("fold", "stratification", "test_set", "train_test_split", "validation_set"),
    ),
    Term(
        "data_drift",
        "Data drift",
        "When the rows a model meets in use stop looking like the rows it was trained on, so "
        "its score quietly drops.",
        "A churn model trained when the average monthly charge was 45 meets customers paying "
        "70 after a price change, and its recall falls from 0.62 to 0.41.",
        aliases=("drift", "dataset shift", "covariate shift"),
        related=("test_set", "new_rows"),
    ),
    Term(
        "data_leakage",
        "Data leakage",
        "When information that would not be available at prediction time reaches the model "
        "during training or validation, so scores look better than they will be in use.",
        "A cancellation_reason column, filled in only after a customer leaves, predicts churn "
        "with balanced accuracy 1.00; in use it is always empty.",
        aliases=("leakage", "leak", "leaky", "leaked", "target leakage", "leak-proof"),
        related=("pipeline", "test_set", "target_encoding", "feature_selection"),
    ),
    Term(
        "decision_tree",
        "Decision tree",
        "A model that asks a sequence of yes/no questions about the features, each splitting "
        "the rows, and predicts from the rows in the final leaf.",
        "'tenure_months < 6?' then 'support_calls > 3?': the leaf reached holds 40 customers, "
        "30 of whom churned, so it predicts churn with probability 0.75.",
        aliases=("tree",),
        related=("random_forest", "gradient_boosting", "overfitting"),
    ),
    Term(
        "duplicate_rows",
        "Duplicate rows",
        "Rows that are exact copies of each other. Copies landing on both sides of the split "
        "let the test score measure memory instead of skill.",
        "20 duplicate rows in 2,000 (1 %): dropping them before the split keeps every copy on "
        "one side.",
        aliases=("duplicate", "duplicates", "de-duplicate"),
        related=("data_leakage", "train_test_split"),
    ),
    Term(
        "f1",
        "F1 score",
        "The harmonic mean of precision and recall on the positive class. It is high only when "
        "both are high.",
        "Precision 0.80 and recall 0.50 give F1 = 2 × 0.80 × 0.50 / (0.80 + 0.50) = 0.62.",
        aliases=("F1", "F1-score", "F-score", "F-measure"),
        related=("precision", "recall", "class_imbalance"),
    ),
    Term(
        "feature",
        "Feature",
        "A column the model learns from, as opposed to the target it predicts. After encoding, "
        "one original column can become several features.",
        "In the churn table, age, plan and monthly_charges are features; 'plan' becomes 3 "
        "one-hot features.",
        aliases=("predictor", "input column", "feature column", "independent variable"),
        related=("target", "feature_engineering", "feature_selection"),
    ),
    Term(
        "feature_engineering",
        "Feature engineering",
        "Turning raw columns into inputs a model can use well: encoding categories, taking "
        "parts of dates, transforming skewed numbers, combining columns.",
        "From signup_date 2021-03-15 you get year 2021, month 3 and weekday 0 (Monday).",
        aliases=("engineered features", "date parts"),
        related=("feature", "one_hot_encoding", "log_transform", "interaction_term"),
    ),
    Term(
        "feature_importance",
        "Feature importance",
        "How much a model relies on each feature. A model's own importance (coefficients, "
        "impurity) is measured on training rows; permutation importance on held-out rows.",
        "A forest gives tenure_months an impurity importance of 0.31 and region 0.02.",
        aliases=("importance", "impurity importance", "coefficients"),
        related=("permutation_importance", "feature_selection"),
    ),
    Term(
        "feature_selection",
        "Feature selection",
        "Keeping only the most useful features, by a test per feature, a penalised model or a "
        "tree's importance. It learns from the target, so it belongs inside the pipeline.",
        "Keeping the 10 of 200 features with the highest F-test score; done on all rows before "
        "cross-validation, pure noise then scores 0.85 instead of 0.5.",
        aliases=("select features", "selecting features", "selected features", "top k"),
        related=("data_leakage", "pipeline", "pca", "feature_importance"),
    ),
    Term(
        "fold",
        "Fold",
        "One of the K parts the training rows are cut into for cross-validation. Each fold is "
        "the validation part once and part of the training rows K−1 times.",
        "With 1,600 training rows and K = 5, each fold holds 320 rows.",
        aliases=("K-fold", "k folds"),
        related=("cross_validation", "stratification", "group_split"),
    ),
    Term(
        "gradient_boosting",
        "Gradient boosting",
        "An ensemble that adds small trees one after another, each correcting the errors of the "
        "ones before. Often the strongest choice on tables.",
        "300 trees with learning rate 0.1, each at most 31 leaves, reach ROC-AUC 0.87 where a "
        "single tree reaches 0.78.",
        aliases=("boosting", "histogram gradient boosting", "HistGradientBoosting"),
        related=("decision_tree", "random_forest", "hyperparameter"),
    ),
    Term(
        "grid_search",
        "Grid search",
        "Trying every combination of a few values per hyperparameter and keeping the one with "
        "the best cross-validated score.",
        "4 values of max_depth × 3 of min_samples_leaf = 12 candidates, each cross-validated "
        "on 5 folds: 60 fits.",
        aliases=("GridSearchCV", "parameter grid"),
        related=("hyperparameter", "random_search", "successive_halving", "cross_validation"),
    ),
    Term(
        "group_split",
        "Group split",
        "Splitting so that all rows of one group (a customer, a patient) fall on the same side, "
        "so the model is scored on groups it has never seen.",
        "With 10 rows per customer, a random split scores 0.95 but a group split 0.70: the "
        "0.70 is what new customers will get.",
        aliases=("group K-fold", "grouped split", "group column"),
        related=("train_test_split", "fold", "data_leakage"),
    ),
    Term(
        "hyperparameter",
        "Hyperparameter",
        "A setting chosen before training that controls how the model learns, as opposed to "
        "the parameters it learns from the data.",
        "A tree's max_depth = 6 is a hyperparameter; the questions it asks at each split are "
        "learned parameters.",
        aliases=("hyper-parameter", "tuning", "tune"),
        related=("grid_search", "random_search", "regularisation", "validation_curve"),
    ),
    Term(
        "identifier",
        "Identifier",
        "A column that names each row (a customer number, an order code) rather than "
        "describing it. A model can memorise it but cannot generalise from it.",
        "customer_id has 1,980 distinct values in 2,000 rows: it is an identifier and must be "
        "left out of the features.",
        aliases=("ID", "ID column", "identifier column"),
        related=("feature", "column_kind", "group_split"),
    ),
    Term(
        "imputation",
        "Imputation",
        "Filling missing values with a value learned from the data, such as a column's median. "
        "It is learned on training rows only, as a pipeline step.",
        "160 missing ages are filled with 44, the median of the training rows.",
        aliases=("impute", "imputed", "imputer", "imputing", "filling missing values"),
        related=("missing_value", "pipeline", "data_leakage"),
    ),
    Term(
        "interaction_term",
        "Interaction term",
        "A new feature made by multiplying features, so a linear model can use how one "
        "feature's effect depends on another. Polynomial terms add squares too.",
        "monthly_charges × support_calls = 60 × 4 = 240 for a customer who pays a lot and "
        "calls often.",
        aliases=("interaction", "polynomial features", "polynomial terms"),
        related=("feature_engineering", "feature"),
    ),
    Term(
        "k_nearest_neighbours",
        "k-nearest neighbours",
        "A model that predicts from the k training rows closest to the new row. Distances "
        "depend on units, so features must be scaled.",
        "With k = 5, a customer whose 5 most similar customers include 4 churners gets a churn "
        "probability of 0.8.",
        aliases=("k-NN", "kNN", "nearest neighbours", "k-nearest neighbors"),
        related=("scaling", "hyperparameter"),
    ),
    Term(
        "learning_curve",
        "Learning curve",
        "Training and validation scores drawn against the number of training rows. The gap "
        "between the lines is what the model memorises; a rising validation line says more "
        "rows would help.",
        "At 400 rows: training 0.98, validation 0.74; at 1,600 rows: 0.93 and 0.83, and still "
        "rising.",
        related=("overfitting", "underfitting", "validation_curve", "bias_variance"),
    ),
    Term(
        "linear_regression",
        "Linear regression",
        "A model that predicts a number as a weighted sum of the features plus a constant. "
        "Ridge, lasso and elastic net are its regularised versions.",
        "price = 50,000 + 1,200 × floor_area − 800 × age_years.",
        aliases=("ridge", "lasso", "elastic net"),
        related=("logistic_regression", "regularisation", "regression"),
    ),
    Term(
        "log_loss",
        "Log loss",
        "How far the predicted probabilities are from what happened; lower is better. A "
        "confident wrong answer costs far more than a hesitant one.",
        "Giving the true class probability 0.9 costs −ln 0.9 = 0.11; giving it 0.01 costs "
        "−ln 0.01 = 4.6.",
        aliases=("cross-entropy", "logistic loss"),
        related=("calibration", "metric"),
    ),
    Term(
        "log_transform",
        "Log transform",
        "Replacing a number x by log(1 + x) (signed for negatives), which squeezes a long tail "
        "of large values so they no longer dominate a linear or distance-based model.",
        "Data use of 1, 10, 100 and 1,000 GB becomes about 0.7, 2.4, 4.6 and 6.9.",
        aliases=("log-transform", "log-transformed", "signed log", "log transformation"),
        related=("skewness", "outlier", "feature_engineering"),
    ),
    Term(
        "logistic_regression",
        "Logistic regression",
        "A linear model for classes: a weighted sum of the features is turned into a "
        "probability between 0 and 1. Despite its name it classifies.",
        "A weighted sum of 1.2 becomes a churn probability of 1 / (1 + e^−1.2) = 0.77.",
        related=("linear_regression", "regularisation", "classification"),
    ),
    Term(
        "mae",
        "MAE",
        "Mean absolute error: the average distance between prediction and truth, in the "
        "target's own units. A few huge errors do not dominate it.",
        "Errors of 2, 4 and 30 thousand euros give MAE (2 + 4 + 30) / 3 = 12 thousand euros.",
        aliases=("mean absolute error",),
        related=("rmse", "r2", "residual"),
    ),
    Term(
        "metric",
        "Metric",
        "The number that judges a model, chosen to match the question. The primary metric "
        "decides which model or setting is better.",
        "For churn with 17 % positives, F1 or PR-AUC are better primary metrics than accuracy.",
        aliases=("primary metric", "scoring"),
        related=("accuracy", "f1", "roc_auc", "rmse", "baseline"),
    ),
    Term(
        "missing_value",
        "Missing value",
        "A cell with no value. Most algorithms need it filled; the fact that it is missing can "
        "itself carry information.",
        "25 % of satisfaction_score is missing; a 'was missing' 0/1 column lets the model "
        "learn whether customers who skip the survey churn more often.",
        aliases=("missingness", "NaN", "missing data", "missing-value indicator"),
        related=("imputation", "column_kind"),
    ),
    Term(
        "model_file",
        "Model file",
        "A trained pipeline saved to disk so another program can load it and predict. "
        "ModelPath writes .skops files, whose contents are checked type by type before "
        "anything is loaded.",
        "model.skops holds the fitted pipeline with its recipe, its 13 input columns and the "
        "library versions, in about 2 MB.",
        aliases=("skops", ".skops", "skops file"),
        related=("pickle", "pipeline", "recipe"),
    ),
    Term(
        "neural_network",
        "Neural network",
        "A model made of layers of weighted sums passed through simple non-linear functions. "
        "A multilayer perceptron (MLP) is the basic kind for tables.",
        "One hidden layer of 100 units on 20 features learns 20 × 100 weights plus 100 "
        "biases in its first layer alone.",
        aliases=("MLP", "multilayer perceptron", "neural net"),
        related=("scaling", "regularisation"),
    ),
    Term(
        "new_rows",
        "New data",
        "Rows the model has not been trained on, arriving after training. Adding them and "
        "retraining shows whether more data helps and whether the old model still holds.",
        "500 new customers with the same 15 columns: the earlier model scores F1 0.58 on them, "
        "the model retrained on 2,500 rows 0.63.",
        aliases=("new rows", "retrain", "retraining"),
        related=("data_drift", "learning_curve"),
    ),
    Term(
        "one_hot_encoding",
        "One-hot encoding",
        "Turning a categorical column into one 0/1 column per category, so a model can use it "
        "without inventing an order.",
        "plan ∈ {basic, standard, premium} becomes 3 columns; a 'premium' customer is (0, 0, 1).",
        aliases=("one-hot", "one hot encoding", "dummy variables"),
        related=("ordinal_encoding", "target_encoding", "feature_engineering"),
    ),
    Term(
        "ordinal_encoding",
        "Ordinal encoding",
        "Turning categories into the integers 0, 1, 2… — in their natural order when there is "
        "one. Compact, and well suited to tree models.",
        "size small < medium < large becomes 0, 1, 2: one column instead of three.",
        aliases=("ordinal codes", "ordered codes", "ordinal"),
        related=("one_hot_encoding", "target_encoding"),
    ),
    Term(
        "outlier",
        "Outlier",
        "A value far from the rest, either a real extreme or an error. Tukey's fences flag "
        "values more than 1.5 interquartile ranges beyond the middle half.",
        "With quartiles 29 and 64, the fences are about −23 and 116, so a monthly charge of "
        "9999 is an outlier (and a typo).",
        aliases=("extreme value", "IQR fences", "clipping"),
        related=("log_transform", "skewness", "scaling"),
    ),
    Term(
        "overfitting",
        "Overfitting",
        "When a model learns its training rows, noise included, so well that it does worse on "
        "new rows. Its sign is a training score much higher than the validation score.",
        "A deep tree scores 0.99 on its training rows and 0.81 under cross-validation.",
        aliases=("overfit", "overfits", "overfitted", "over-fitting"),
        related=("underfitting", "regularisation", "learning_curve", "bias_variance"),
    ),
    Term(
        "pca",
        "PCA",
        "Principal component analysis: replacing many correlated numeric features by a few new "
        "ones (components) that keep most of their variation.",
        "30 measurements of a tumour are reduced to 5 components that keep 85 % of the variance.",
        aliases=("principal component analysis", "principal components"),
        related=("feature_selection", "scaling", "correlation"),
    ),
    Term(
        "permutation_importance",
        "Permutation importance",
        "How much the test score drops when one column's values are shuffled, breaking its "
        "link to the target. It works for any model and is measured on held-out rows.",
        "Shuffling tenure_months drops ROC-AUC from 0.86 to 0.74 (importance 0.12); shuffling "
        "region changes it by 0.003.",
        related=("feature_importance", "test_set", "correlation"),
    ),
    Term(
        "pickle",
        "Pickle",
        "Python's general way of saving objects to a file. Loading a pickle can run any code "
        "hidden inside it, so pickle files from others are unsafe.",
        "A 'model.pkl' from an unknown source could delete files the moment it is loaded; "
        "ModelPath refuses pickle and joblib files unread.",
        aliases=("pickle file", "joblib", "pkl", "unpickling"),
        related=("model_file",),
    ),
    Term(
        "pipeline",
        "Pipeline",
        "A chain of steps (imputation, encoding, scaling, selection, the model) fitted as one "
        "object, so each step learns from training rows only and is applied the same way to "
        "new rows.",
        "In each of 5 folds, the pipeline learns its median, scales and selected features from "
        "that fold's 1,280 training rows, never from its 320 validation rows.",
        aliases=("pipeline step",),
        related=("data_leakage", "imputation", "scaling", "recipe"),
    ),
    Term(
        "pr_auc",
        "PR-AUC",
        "The area under the precision-recall curve (average precision): how well the positive "
        "class is found across all thresholds. Honest when positives are rare.",
        "With 5 % positives, the baseline PR-AUC is 0.05; a model at 0.45 finds positives far "
        "better than chance.",
        aliases=("average precision", "precision-recall curve", "PR curve", "PR AUC"),
        related=("precision", "recall", "roc_auc", "class_imbalance"),
    ),
    Term(
        "precision",
        "Precision",
        "Of the rows predicted positive, the share that really are positive. Low precision "
        "means many false alarms.",
        "The model flags 80 customers as churners and 60 of them really churn: precision "
        "60 / 80 = 0.75.",
        related=("recall", "f1", "threshold", "confusion_matrix"),
    ),
    Term(
        "r2",
        "R²",
        "The share of the target's variation a regression model explains: 1 is perfect, 0 is "
        "no better than predicting the mean, and below 0 is worse.",
        "House prices vary with a variance of 100; the model's squared errors average 25, so "
        "R² = 1 − 25 / 100 = 0.75.",
        aliases=("R2", "R-squared", "R squared", "coefficient of determination"),
        related=("rmse", "mae", "regression"),
    ),
    Term(
        "random_forest",
        "Random forest",
        "An ensemble of decision trees, each trained on a random resample of the rows and "
        "random subsets of the features; their votes are averaged.",
        "200 trees each vote; if 130 say 'churn', the churn probability is 0.65.",
        aliases=("forest",),
        related=("decision_tree", "gradient_boosting", "feature_importance"),
    ),
    Term(
        "random_search",
        "Random search",
        "Trying a fixed number of hyperparameter settings drawn at random from ranges. With "
        "many hyperparameters it finds good settings faster than a grid.",
        "30 random draws of learning_rate between 0.01 and 0.3 and max_leaf_nodes between 8 "
        "and 64, each cross-validated.",
        aliases=("RandomizedSearchCV", "randomised search", "randomized search"),
        related=("grid_search", "successive_halving", "hyperparameter"),
    ),
    Term(
        "random_seed",
        "Random seed",
        "A number that fixes every random choice (the split, the folds, the model), so the "
        "same recipe gives the same numbers again.",
        "With seed 42 the test split is always the same 400 rows; with seed 7 it is a "
        "different 400.",
        aliases=("seed", "random_state", "random state"),
        related=("train_test_split", "recipe"),
    ),
    Term(
        "recall",
        "Recall",
        "Of the rows that really are positive, the share the model finds. Low recall means "
        "many misses.",
        "Of 100 real churners the model flags 62: recall 0.62, and 38 churners are missed.",
        aliases=("sensitivity", "true positive rate", "TPR", "hit rate"),
        related=("precision", "f1", "threshold", "balanced_accuracy"),
    ),
    Term(
        "recipe",
        "Recipe",
        "ModelPath's description of a whole workflow — data reading, problem, cleaning, "
        "features, split, folds, model and tuning — as versioned JSON that the app, the "
        "command line and the exported script all reproduce.",
        "recipe.json with target 'churned', 5 stratified folds, median imputation and "
        "max_depth 6 gives CV 0.84 every time it is trained.",
        aliases=("recipe.json",),
        related=("pipeline", "random_seed", "model_file"),
    ),
    Term(
        "regression",
        "Regression",
        "Predicting a number, such as a price or a duration. It is judged by errors in the "
        "target's units (MAE, RMSE) or by R².",
        "Predicting a house's price of 310,000 as 295,000 is an error of 15,000.",
        aliases=("regressor",),
        related=("classification", "mae", "rmse", "r2"),
    ),
    Term(
        "regularisation",
        "Regularisation",
        "Holding a model back from fitting every detail, e.g. by shrinking its weights or "
        "limiting its depth, so it generalises better. It trades a little training score for "
        "validation score.",
        "Lowering logistic regression's C from 100 to 0.1 shrinks the weights; training "
        "accuracy drops from 0.95 to 0.88 but validation rises from 0.80 to 0.86.",
        aliases=(
            "regularization",
            "regularise",
            "regularised",
            "regularize",
            "regularized",
            "L1 penalty",
            "L2 penalty",
            "shrinkage",
        ),
        related=("overfitting", "hyperparameter", "bias_variance"),
    ),
    Term(
        "resampling",
        "Resampling",
        "Rebalancing classes by repeating rare-class rows (oversampling) or dropping "
        "common-class rows (undersampling), in the training folds only.",
        "900 'no' and 100 'yes' training rows become 900 and 900 after random oversampling; "
        "validation rows stay 90/10.",
        aliases=("oversampling", "undersampling", "over-sampling", "under-sampling"),
        related=("smote", "class_weights", "class_imbalance"),
    ),
    Term(
        "residual",
        "Residual",
        "The difference between the true value and the prediction for a row. A pattern in the "
        "residuals shows what the model misses.",
        "True price 310,000, predicted 295,000: residual +15,000. If large houses all have "
        "positive residuals, the model under-predicts them.",
        aliases=("predicted vs actual",),
        related=("mae", "rmse", "regression"),
    ),
    Term(
        "rmse",
        "RMSE",
        "Root mean squared error: the typical error in the target's units, with large errors "
        "weighing more than in MAE.",
        "Errors of 2, 4 and 30 give RMSE √((4 + 16 + 900) / 3) = 17.5, against an MAE of 12.",
        aliases=("root mean squared error", "root mean square error"),
        related=("mae", "r2", "residual"),
    ),
    Term(
        "roc_auc",
        "ROC-AUC",
        "The chance that a random positive row gets a higher score than a random negative "
        "one; 0.5 is guessing, 1 is a perfect ranking. It judges the ranking, not a threshold.",
        "ROC-AUC 0.85: in 85 of 100 random churner–stayer pairs, the churner gets the higher "
        "churn probability.",
        aliases=("ROC AUC", "AUC", "AUROC", "ROC curve", "area under the ROC curve"),
        related=("pr_auc", "threshold", "precision", "recall"),
    ),
    Term(
        "scaling",
        "Scaling",
        "Putting numeric features on comparable ranges. Standardisation subtracts the mean and "
        "divides by the standard deviation; it matters for linear, distance and neural models, "
        "not for trees.",
        "Ages with mean 44 and sd 15 become (59 − 44) / 15 = 1.0 for a 59-year-old.",
        aliases=(
            "standardisation",
            "standardization",
            "standard scaling",
            "scaled",
            "min-max scaling",
            "StandardScaler",
        ),
        related=("pipeline", "k_nearest_neighbours", "outlier"),
    ),
    Term(
        "skewness",
        "Skewness",
        "How lopsided a distribution is. Right-skewed data has a long tail of large values "
        "that pulls means and linear models.",
        "Half the churn sample's customers use under 8.2 GB of data but the largest use "
        "340 GB; the skewness is 5.0 (0 is symmetric).",
        aliases=("skew", "skewed", "long tail"),
        related=("log_transform", "outlier"),
    ),
    Term(
        "smote",
        "SMOTE",
        "Oversampling that creates synthetic rare-class rows between existing ones and their "
        "nearest rare-class neighbours. Done inside training folds only.",
        "Between two churners aged 30 and 40, SMOTE may create one aged 34; 100 churners can "
        "become 900.",
        aliases=("synthetic minority oversampling",),
        related=("resampling", "class_imbalance", "class_weights"),
    ),
    Term(
        "stratification",
        "Stratification",
        "Splitting so that each part keeps the class shares of the whole table. Essential when "
        "a class is rare or the data is small.",
        "With 17 % churners, every stratified fold holds 16–18 % churners; unstratified folds "
        "of 80 rows range from 9 % to 24 %.",
        aliases=("stratified", "stratify", "stratified split", "stratified K-fold"),
        related=("fold", "train_test_split", "class_imbalance"),
    ),
    Term(
        "successive_halving",
        "Successive halving",
        "A search that tries many settings on few rows, keeps the best third, gives them more "
        "rows, and repeats until one is left.",
        "81 candidates on 100 rows, then 27 on 300, 9 on 900 and 3 on 2,700: far fewer fits "
        "than a full grid.",
        aliases=("halving", "HalvingGridSearchCV"),
        related=("grid_search", "random_search", "hyperparameter"),
    ),
    Term(
        "support_vector_machine",
        "Support vector machine",
        "A model that finds the boundary with the widest margin between classes, possibly "
        "curved through a kernel. Needs scaled features.",
        "With C = 1 and an RBF kernel, an SVM separates two rings of points that no straight "
        "line can.",
        aliases=("SVM", "kernel", "support vector machines"),
        related=("scaling", "regularisation"),
    ),
    Term(
        "target",
        "Target",
        "The column the model learns to predict. Its kind decides the task: classes for "
        "classification, numbers for regression.",
        "In the churn table the target is 'churned' (yes/no), with 347 'yes' in 2,000 rows.",
        aliases=("target column", "label", "outcome", "dependent variable"),
        related=("feature", "classification", "regression"),
    ),
    Term(
        "target_encoding",
        "Target encoding",
        "Replacing each category by the average target of its rows. It must be cross-fitted "
        "(learned on other rows) or it leaks the target.",
        "Region 'North' has a churn rate of 0.22 in the training rows, so every 'North' "
        "becomes 0.22.",
        aliases=("target-encoding", "target-encode", "target mean", "mean encoding"),
        related=("one_hot_encoding", "ordinal_encoding", "data_leakage"),
    ),
    Term(
        "test_set",
        "Test set",
        "Rows set aside before any modelling and scored once, by the final model, at the end. "
        "It is only honest if it never influenced a choice.",
        "400 of 2,000 rows are held out; the final model scores F1 0.61 on them, beside the "
        "baseline's 0.",
        aliases=("test split", "test rows", "test data", "held-out test", "hold-out set"),
        related=("train_test_split", "validation_set", "data_leakage"),
    ),
    Term(
        "tfidf",
        "TF-IDF",
        "Turning free text into numbers: each word's count in a row, weighted down for words "
        "common in every row.",
        "'router broken again' gets high weights for 'router' and 'broken' and a low one for "
        "'again', which appears in 30 % of notes.",
        aliases=("tf–idf", "term frequency", "bag of words"),
        related=("feature_engineering", "feature"),
    ),
    Term(
        "threshold",
        "Threshold",
        "The probability above which a row is predicted positive, 0.5 by default. Lowering it "
        "finds more positives (recall up) at the cost of more false alarms (precision down).",
        "At threshold 0.5: precision 0.75, recall 0.50; at 0.3: precision 0.55, recall 0.78.",
        aliases=("decision threshold", "cut-off", "cutoff"),
        related=("precision", "recall", "roc_auc", "calibration"),
    ),
    Term(
        "train_test_split",
        "Train/test split",
        "Dividing the rows into training rows, used for everything including cross-validation, "
        "and a test set kept back to score the final model once.",
        "2,000 rows with test share 0.2: 1,600 training rows and 400 test rows.",
        aliases=("train-test split", "train/test", "hold-out split", "test share"),
        related=("test_set", "training_set", "stratification", "group_split"),
    ),
    Term(
        "training_set",
        "Training set",
        "The rows a model learns from. Every statistic a pipeline step learns — medians, "
        "scales, selected features — comes from them alone.",
        "1,600 of 2,000 rows; in each of 5 folds, 1,280 of those train and 320 validate.",
        aliases=("training rows", "training data", "training split", "training score"),
        related=("train_test_split", "test_set", "validation_set"),
    ),
    Term(
        "underfitting",
        "Underfitting",
        "When a model is too simple to capture the pattern, so it scores poorly even on its "
        "own training rows. More data does not help; more freedom or better features do.",
        "A depth-1 tree scores 0.71 on training rows and 0.70 under cross-validation, just "
        "above a 0.68 baseline.",
        aliases=("underfit", "underfits", "underfitted", "under-fitting"),
        related=("overfitting", "bias_variance", "learning_curve"),
    ),
    Term(
        "validation_curve",
        "Validation curve",
        "Training and cross-validation scores drawn across the values of one hyperparameter. "
        "The best value is where the cross-validation line peaks.",
        "max_depth 2, 4, 8, 16: CV 0.74, 0.83, 0.85, 0.80 while training climbs to 1.00, so "
        "depth 8 is best.",
        related=("hyperparameter", "learning_curve", "bias_variance", "overfitting"),
    ),
    Term(
        "validation_set",
        "Validation set",
        "Rows held out from training to score a model while choosing it, such as each fold in "
        "cross-validation. Unlike the test set, it may guide choices.",
        "In 5-fold cross-validation of 1,600 rows, each model is validated on the 320 rows "
        "it did not train on.",
        aliases=("validation rows", "validation fold", "validation data", "validation score"),
        related=("cross_validation", "fold", "test_set"),
    ),
)

GLOSSARY: Mapping[str, Term] = MappingProxyType(
    {t.key: t for t in sorted(_TERMS, key=lambda t: sort_key(t.name))}
)

# Every way of writing a term, lower-cased, mapped to its key.
_PHRASES: dict[str, str] = {
    phrase.casefold(): t.key for t in GLOSSARY.values() for phrase in t.phrases
}
# Longest phrases first, so "balanced accuracy" wins over "accuracy" at the same position and
# "PR-AUC" over "AUC". Whole words only: no word character may touch either end, and an
# optional plural "s"/"es" is allowed ("folds", "outliers", "grid searches").
_MENTION = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    + r")(?:es|s)?(?!\w)",
    re.IGNORECASE,
)


def term(key: str) -> Term:
    """The glossary entry with this key.

    Parameters
    ----------
    key : str
        A glossary key, e.g. ``"roc_auc"``.

    Returns
    -------
    Term

    Raises
    ------
    ModelPathError
        When there is no such key; the message lists the closest keys.
    """
    try:
        return GLOSSARY[key]
    except (KeyError, TypeError):
        pass
    wanted = str(key).strip().casefold()
    # A name or alias given instead of a key ("ROC-AUC") points straight at its key.
    exact = [_PHRASES[wanted]] if wanted in _PHRASES else []
    by_key = difflib.get_close_matches(wanted, list(GLOSSARY), n=5, cutoff=0.6)
    by_phrase = [_PHRASES[p] for p in difflib.get_close_matches(wanted, list(_PHRASES), n=5)]
    close = list(dict.fromkeys([*exact, *by_key, *by_phrase]))[:5]
    why = (
        "Close matches: " + ", ".join(repr(k) for k in close) + "."
        if close
        else f"No key is close to it; there are {len(GLOSSARY)} terms."
    )
    raise ModelPathError(
        f"There is no glossary term with the key {key!r}.",
        why,
        "Use one of the keys in GLOSSARY, or search_terms() to find a term by its words.",
    )


def find_terms(text: str) -> list[Term]:
    """The glossary terms a text mentions, for linking its words to definitions.

    Matching is case-insensitive and on whole words (a plural "s" or "es" is allowed), by
    name or alias; where phrases overlap the longest wins, so "balanced accuracy" is one
    mention of balanced accuracy, not also one of accuracy.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Term
        Each term once, in the order of its first mention.
    """
    keys = (_PHRASES[match.group(1).casefold()] for match in _MENTION.finditer(text))
    return [GLOSSARY[key] for key in dict.fromkeys(keys)]


def search_terms(query: str) -> list[Term]:
    """Terms whose name, alias or definition contains the query, case-insensitively.

    Parameters
    ----------
    query : str
        Words to look for; a blank query returns every term.

    Returns
    -------
    list of Term
        Matches by name first, then by alias, then by definition; alphabetical within each.
    """
    wanted = query.strip().casefold()
    by_name, by_alias, by_definition = [], [], []
    for entry in GLOSSARY.values():
        if wanted in entry.name.casefold():
            by_name.append(entry)
        elif any(wanted in alias.casefold() for alias in entry.aliases):
            by_alias.append(entry)
        elif wanted in entry.definition.casefold():
            by_definition.append(entry)
    return [*by_name, *by_alias, *by_definition]
