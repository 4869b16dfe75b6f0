"""The glossary's terms about the problem, the data and its preparation: targets and features,
column kinds, missing values, leakage, encodings, scaling, transforms, rebalancing and the
pipeline that holds them.
"""

from __future__ import annotations

from core.learn.glossary_term import Term

# In alphabetical order of key; GLOSSARY sorts all terms by name.
DATA_TERMS: tuple[Term, ...] = (
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
        "log_transform",
        "Log transform",
        "Replacing a number x by log(1 + x) (signed for negatives), which squeezes a long tail "
        "of large values so they no longer dominate a linear or distance-based model.",
        "Data use of 1, 10, 100 and 1,000 GB becomes about 0.7, 2.4, 4.6 and 6.9.",
        aliases=("log-transform", "log-transformed", "signed log", "log transformation"),
        related=("skewness", "outlier", "feature_engineering"),
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
        "pca",
        "PCA",
        "Principal component analysis: replacing many correlated numeric features by a few new "
        "ones (components) that keep most of their variation.",
        "30 measurements of a tumour are reduced to 5 components that keep 85 % of the variance.",
        aliases=("principal component analysis", "principal components"),
        related=("feature_selection", "scaling", "correlation"),
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
        "tfidf",
        "TF-IDF",
        "Turning free text into numbers: each word's count in a row, weighted down for words "
        "common in every row.",
        "'router broken again' gets high weights for 'router' and 'broken' and a low one for "
        "'again', which appears in 30 % of notes.",
        aliases=("tf–idf", "term frequency", "bag of words"),
        related=("feature_engineering", "feature"),
    ),
)
