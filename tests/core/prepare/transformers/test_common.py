"""Tests every custom step shares: scikit-learn's common estimator checks (as scikit-learn's own
``test_common.py`` runs them), and the module every public name reports to model files."""

from __future__ import annotations

import importlib

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

import core.prepare.transformers as transformers
from core.prepare import DateFeatures, MissingShareDropper, OutlierClipper, RareCategoryGrouper


@parametrize_with_checks(
    [
        MissingShareDropper(),
        OutlierClipper(),
        OutlierClipper(method="quantile", lower_quantile=0.1, upper_quantile=0.9),
        RareCategoryGrouper(),
        # A high share makes some check values rare, so the numeric grouping path runs too.
        RareCategoryGrouper(min_share=0.2),
        DateFeatures(),
        # Durations and dropped constants: the check data's dates all fall on one day, so
        # most parts are constant and the step keeps only the ones that vary.
        DateFeatures(parts=("year", "hour", "days_since"), max_pairs=3, drop_constant=True),
        DateFeatures(parts=(), max_pairs=2, drop_constant=True),
    ]
)
def test_transformer_passes_sklearn_estimator_checks(estimator, check) -> None:
    check(estimator)


@pytest.mark.parametrize("name", sorted(set(transformers.__all__) - {"DATE_PARTS"}))
def test_public_name_reports_the_package_as_its_module(name: str) -> None:
    # skops records type(obj).__module__, so model files must not depend on the file layout.
    obj = getattr(transformers, name)
    assert obj.__module__ == "core.prepare.transformers"
    assert obj._module_source.startswith("core.prepare.transformers.")
    assert getattr(importlib.import_module(obj._module_source), name) is obj
