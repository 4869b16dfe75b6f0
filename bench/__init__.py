"""Benchmark of ModelPath's cross-validation engine against scikit-learn (see README.md).

Run ``python -m bench`` from the project root.
"""
