"""Fixtures of the evaluation tests: fixed data and fitted models, fitted once per module."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.datasets import load_diabetes, load_iris
from sklearn.linear_model import LogisticRegression, Ridge

from tests.core.evaluate.prediction_data import binary_data


@pytest.fixture(scope="module")
def binary() -> tuple[pd.DataFrame, pd.Series, LogisticRegression]:
    X, y = binary_data()
    return X, y, LogisticRegression().fit(X, y)


@pytest.fixture(scope="module")
def iris() -> tuple[pd.DataFrame, pd.Series, LogisticRegression]:
    data = load_iris(as_frame=True)
    X, y = data.data, data.target.map(dict(enumerate(data.target_names)))
    X_train, y_train = X.iloc[::2], y.iloc[::2]
    X_test, y_test = X.iloc[1::2], y.iloc[1::2]
    model = LogisticRegression(max_iter=1_000).fit(X_train, y_train)
    return X_test, y_test, model


@pytest.fixture(scope="module")
def diabetes() -> tuple[pd.DataFrame, pd.Series, Ridge]:
    data = load_diabetes(as_frame=True)
    X, y = data.data, data.target
    model = Ridge(alpha=1.0).fit(X.iloc[::2], y.iloc[::2])
    return X.iloc[1::2], y.iloc[1::2], model
