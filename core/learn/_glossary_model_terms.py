"""The glossary's terms about splitting, validating, the algorithms and their tuning: test and
training sets, folds, the baseline, each model family, hyperparameters, searches, and over- and
underfitting with the curves that show them.
"""

from __future__ import annotations

from core.learn.glossary_term import Term

# In alphabetical order of key; GLOSSARY sorts all terms by name.
MODEL_TERMS: tuple[Term, ...] = (
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
        "logistic_regression",
        "Logistic regression",
        "A linear model for classes: a weighted sum of the features is turned into a "
        "probability between 0 and 1. Despite its name it classifies.",
        "A weighted sum of 1.2 becomes a churn probability of 1 / (1 + e^−1.2) = 0.77.",
        related=("linear_regression", "regularisation", "classification"),
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
        "overfitting",
        "Overfitting",
        "When a model learns its training rows, noise included, so well that it does worse on "
        "new rows. Its sign is a training score much higher than the validation score.",
        "A deep tree scores 0.99 on its training rows and 0.81 under cross-validation.",
        aliases=("overfit", "overfits", "overfitted", "over-fitting"),
        related=("underfitting", "regularisation", "learning_curve", "bias_variance"),
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
