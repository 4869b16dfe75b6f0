"""The glossary's terms about judging and delivering a model: the metrics, the confusion matrix,
calibration and thresholds, importance, comparing runs, drift on new rows, and model files.
"""

from __future__ import annotations

from core.learn.glossary_term import Term

# In alphabetical order of key; GLOSSARY sorts all terms by name.
EVALUATION_TERMS: tuple[Term, ...] = (
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
        "f1",
        "F1 score",
        "The harmonic mean of precision and recall on the positive class. It is high only when "
        "both are high.",
        "Precision 0.80 and recall 0.50 give F1 = 2 × 0.80 × 0.50 / (0.80 + 0.50) = 0.62.",
        aliases=("F1", "F1-score", "F-score", "F-measure"),
        related=("precision", "recall", "class_imbalance"),
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
        "recall",
        "Recall",
        "Of the rows that really are positive, the share the model finds. Low recall means "
        "many misses.",
        "Of 100 real churners the model flags 62: recall 0.62, and 38 churners are missed.",
        aliases=("sensitivity", "true positive rate", "TPR", "hit rate"),
        related=("precision", "f1", "threshold", "balanced_accuracy"),
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
        "threshold",
        "Threshold",
        "The probability above which a row is predicted positive, 0.5 by default. Lowering it "
        "finds more positives (recall up) at the cost of more false alarms (precision down).",
        "At threshold 0.5: precision 0.75, recall 0.50; at 0.3: precision 0.55, recall 0.78.",
        aliases=("decision threshold", "cut-off", "cutoff"),
        related=("precision", "recall", "roc_auc", "calibration"),
    ),
)
