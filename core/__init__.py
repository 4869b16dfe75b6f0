"""ModelPath's core: everything that computes. Never imports Streamlit.

Modules, each owning one concern:

- ``recipe``   — the versioned, JSON-serialisable description of a whole workflow
- ``intake``   — reading tables from bytes (CSV/TSV, Excel, Parquet, JSON) with a load report
- ``columns``  — column kinds (numeric, categorical, boolean, datetime, text, identifier,
  constant) with reasons, and conversion to them
- ``dataset``  — applying the recipe's data section to a loaded table
- ``problem``  — task inference, the metric catalogue and recommendation, baselines
- ``findings`` — problems a careful ML engineer would spot, target leakage included
- ``leakage``  — leaks that only several columns give away together (a target rebuilt from a
  few columns, classes separated only by a pair)
- ``profile``  — one profile of a table, shared by the app and the command line
- ``explore``  — tidy frames and bounded plotly figures for exploration
- ``samples``  — the offline sample datasets
- ``cleaning``, ``pipeline``, ``transformers`` — pre-split cleaning and the one leak-proof
  pipeline with ModelPath's own steps
- ``scales``   — known ordered scales (quality words, grades, sizes…): suggested and typed
  orders for categorical columns
- ``split``, ``validation``, ``crossval``, ``search`` — the test split, folds, the fitting
  engine, hyperparameter searches
- ``evaluation``, ``metrics``, ``diagnosis``, ``importance``, ``runs``, ``schema`` — training,
  test metrics, over/underfitting, importance, recorded runs, checking new rows
- ``verdict``, ``suspicion`` — the one verdict every page, the report and the CLI give (suspicious,
  overfitting, underfitting, good fit, more data), and the after-training check for scores too
  good to be true
- ``modelfile`` — ``.skops`` model files, allow-listed, never pickle
- ``predict``  — the model card, and predictions on new rows with pinned column kinds
- ``script``   — the standalone scikit-learn script that reproduces a recipe
- ``report``   — the self-contained HTML report
- ``spreadsheet`` — cells made safe to open in a spreadsheet
- ``lessons``, ``teaching``, ``glossary``, ``advice``, ``progress``, ``playground`` — guided
  mode: lessons, experiments and questions, the glossary, advice from the person's own data,
  the lifecycle tracker, and the two-column playground
- ``cli``, ``cli_deliver`` — ``python -m core``

Modules are imported directly (``from core.intake import load_table``) so that importing one
does not load the others' dependencies.
"""
