"""ModelPath's core: everything that computes. Never imports Streamlit.

One package per section of the app's navigation, in lifecycle order. Each package builds only on
the ones before it (``tests/test_architecture.py`` checks it), and its ``__init__`` names its
public API:

- ``recipe``, ``errors`` — the spine: the versioned, JSON-serialisable description of a whole
  workflow, and the project's own exception types
- ``data``       — reading a table from bytes (CSV/TSV, Excel, Parquet, JSON) with a load
  report, column kinds, the samples, checking that a second table fits the first
- ``understand`` — the problem a target makes, the profile of a table, findings (leaks
  included), exploration's frames and charts
- ``prepare``    — pre-split cleaning, the held-out split, the rows a model learns from, and the
  one leak-proof pipeline with ModelPath's own steps, its checks and its preview
- ``model``      — the algorithm registry, folds, the cross-validation engine, the quick
  comparison, searches, defaults and the one verdict on a fit
- ``evaluate``   — the training action, test metrics and charts, learning curves and diagnosis,
  importance, after-training checks, the record of runs
- ``deliver``    — ``.skops`` model files (never pickle), predictions, the standalone script, the
  HTML report, spreadsheet-safe tables
- ``learn``      — lessons, experiments and questions, the glossary, advice from the person's
  own numbers, the lifecycle tracker, the playground
- ``cli``        — ``python -m core``, one module per command

Code outside a package imports its public names from the package
(``from core.data import load_table``); modules inside a package import their siblings directly.
"""
