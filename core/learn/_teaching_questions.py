"""The "check yourself" questions of guided mode, one per lifecycle step and task, in step
order; every answer carries an explanation, so a wrong pick teaches as much as a right one.
"""

from __future__ import annotations

from core.learn.teaching_items import _CLASSIFICATION, Answer, Question


def _right(text: str, explanation: str) -> Answer:
    return Answer(text, True, explanation)


def _wrong(text: str, explanation: str) -> Answer:
    return Answer(text, False, explanation)


ALL_QUESTIONS: tuple[Question, ...] = (
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
