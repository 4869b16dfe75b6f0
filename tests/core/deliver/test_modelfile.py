"""Model files: round trips, the allow-list kept honest, and every refusal with its message.

Nothing here ever unpickles: the pickle and joblib files are written (never read) to prove that
load_model refuses them before anything in them can run.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import pickle
import posixpath
import warnings
import zipfile
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from skops.io._trusted_types import SKLEARN_ESTIMATOR_TYPE_NAMES
from threadpoolctl import threadpool_limits

import core.deliver.modelfile as modelfile
from core.data import PreparedTable, make_churn_dataset, prepare_table
from core.deliver import (
    ALLOWED_TYPES,
    MODEL_FILE_FORMAT,
    MODEL_FILE_VERSION,
    LoadedModel,
    ModelFileError,
    dump_model,
    library_versions,
    load_model,
    max_model_bytes,
    untrusted_types,
)
from core.model import MODELS, model_pipeline
from core.prepare import FeatureColumns, MissingShareDropper, build_pipeline, training_data
from core.recipe import CleaningSection, DataSection, FeaturesSection, ProblemSection, Recipe

TARGETS = {"binary": "churned", "multiclass": "payment_method", "regression": "tenure_months"}
# Small but complete: numbers, categories, yes/no, dates, text and missing values.
N_ROWS = 120
# Smallest sizes the registry allows, so fitting every algorithm stays quick.
FAST_PARAMS = {
    "random_forest": {"n_estimators": 10},
    "extra_trees": {"n_estimators": 10},
    "hist_gradient_boosting": {"max_iter": 10},
    "mlp": {"hidden_units": 8},
}
CARD = {
    "target": "churned",
    "features": [{"name": "age", "kind": "numeric", "median": 41.5}, {"name": "plan"}],
    "scores": {"cv_mean": 0.8, "test_score": None},
    "classes": ["no", "yes"],
    "created": "2025-01-01T00:00:00+00:00",
}


@pytest.fixture(scope="module")
def tables() -> dict[str, PreparedTable]:
    """The churn table prepared once per task (column kinds are inferred only once)."""
    raw = make_churn_dataset(n_rows=N_ROWS, seed=3)
    return {
        task: prepare_table(raw, DataSection(), target=target) for task, target in TARGETS.items()
    }


def _fit(
    tables: dict[str, PreparedTable],
    task: str,
    algorithm: str,
    *,
    cleaning: dict | None = None,
    features: dict | None = None,
):
    """A pipeline built by core for ``algorithm``, fitted on the churn table, and its data."""
    recipe = Recipe(
        problem=ProblemSection(target=TARGETS[task], task=task),
        cleaning=CleaningSection(**(cleaning or {})),
        features=FeaturesSection(**(features or {})),
    )
    data = training_data(tables[task], recipe)
    pipeline = model_pipeline(data, recipe, algorithm, FAST_PARAMS.get(algorithm))
    # One thread: on tiny data, OpenMP start-up and contention cost more than they save.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")  # convergence chatter on tiny data is not the point
        pipeline.fit(data.X_train, data.y_train)
    return pipeline, data


def _predictions(pipeline, X: pd.DataFrame) -> list[np.ndarray]:
    with threadpool_limits(limits=1):
        outputs = [pipeline.predict(X)]
        if hasattr(pipeline, "predict_proba"):
            outputs.append(pipeline.predict_proba(X))
    return outputs


def _skops_file(pipeline, **changes) -> bytes:
    """A file in ModelPath's layout written with skops directly (no allow-list check)."""
    payload = {
        "format": MODEL_FILE_FORMAT,
        "version": MODEL_FILE_VERSION,
        "card": json.dumps({}),
        "versions": json.dumps(library_versions()),
        "pipeline": pipeline,
        **changes,
    }
    return sio.dumps(payload)


def _same(before: np.ndarray, after: np.ndarray) -> bool:
    return np.array_equal(before, after, equal_nan=before.dtype.kind == "f")


# --- the allow-list --------------------------------------------------------------------------

# Every algorithm for every task it serves, plus every cleaning and feature option at least once.
ALGORITHM_CASES = [
    (f"{algorithm}-{task}", task, algorithm, {}, {})
    for algorithm, spec in MODELS.items()
    for task in spec.tasks
]
OPTION_CASES = [
    ("knn-imputation", "binary", "ridge", {"numeric_imputation": "knn"}, {}),
    (
        "iterative-imputation",
        "regression",
        "ridge",
        {"numeric_imputation": "iterative", "categorical_imputation": "constant"},
        {},
    ),
    (
        "overrides-indicators-drop-missing",
        "multiclass",
        "logistic_regression",
        {
            "numeric_imputation": "constant",
            "imputation_overrides": {"age": "mean", "region": "none"},
            "missing_indicators": True,
            "max_missing_share": 0.1,
        },
        {},
    ),
    (
        "clip-iqr-rare-categories",
        "binary",
        "logistic_regression",
        {"outliers": "clip_iqr", "rare_category_share": 0.05},
        {},
    ),
    ("clip-quantile", "regression", "ridge", {"outliers": "clip_quantile"}, {}),
    ("drop-outlier-rows", "binary", "ridge", {"outliers": "drop_train_rows"}, {}),
    ("minmax-ordinal", "binary", "ridge", {}, {"scaling": "minmax", "encoding": "ordinal"}),
    ("robust-target-binary", "binary", "ridge", {}, {"scaling": "robust", "encoding": "target"}),
    ("target-multiclass", "multiclass", "ridge", {}, {"encoding": "target"}),
    ("target-regression", "regression", "ridge", {}, {"encoding": "target"}),
    (
        "ordered-categories-no-scaling",
        "binary",
        "ridge",
        {},
        {"scaling": "none", "ordinal_orders": {"plan": ["Basic", "Standard", "Premium"]}},
    ),
    (
        "all-date-parts",
        "regression",
        "ridge",
        {},
        {"date_parts": ["year", "month", "day", "weekday", "hour", "days_since"]},
    ),
    (
        "log-power-bins-poly",
        "regression",
        "ridge",
        {},
        {
            "log_columns": ["age"],
            "power_columns": ["monthly_charges"],
            "bin_columns": ["total_data_gb"],
            "poly_columns": ["support_calls", "satisfaction_score"],
            "interaction_only": True,
        },
    ),
    ("tfidf-text", "multiclass", "ridge", {}, {"text": "tfidf"}),
    ("no-dates", "binary", "ridge", {}, {"date_parts": []}),
    (
        "variance-f-test-classif",
        "binary",
        "ridge",
        {},
        {"variance_threshold": 0.0, "selection": "f_test", "selection_k": 5},
    ),
    ("f-test-regression", "regression", "ridge", {}, {"selection": "f_test", "selection_k": 5}),
    ("mutual-info-classif", "binary", "ridge", {}, {"selection": "mutual_info", "selection_k": 5}),
    (
        "mutual-info-regression",
        "regression",
        "ridge",
        {},
        {"selection": "mutual_info", "selection_k": 5},
    ),
    ("l1-classif", "multiclass", "ridge", {}, {"selection": "l1", "selection_k": 5}),
    ("l1-regression", "regression", "ridge", {}, {"selection": "l1", "selection_k": 5}),
    ("tree-classif", "binary", "ridge", {}, {"selection": "tree", "selection_k": 5}),
    ("tree-regression", "regression", "ridge", {}, {"selection": "tree", "selection_k": 5}),
    ("pca", "multiclass", "logistic_regression", {}, {"reduction": "pca"}),
    ("class-weight", "binary", "logistic_regression", {}, {"imbalance": "class_weight"}),
    ("oversample", "multiclass", "logistic_regression", {}, {"imbalance": "oversample"}),
    ("undersample", "binary", "logistic_regression", {}, {"imbalance": "undersample"}),
    ("smote", "binary", "logistic_regression", {}, {"imbalance": "smote"}),
    # Few columns: neighbours are found with a k-d tree instead of brute force.
    (
        "knn-kd-tree",
        "regression",
        "knn",
        {},
        {"date_parts": [], "selection": "f_test", "selection_k": 3},
    ),
    (
        "boosting-with-missing-values",
        "binary",
        "hist_gradient_boosting",
        {"numeric_imputation": "none", "categorical_imputation": "none"},
        {},
    ),
]
CASES = ALGORITHM_CASES + OPTION_CASES


def test_core_pipelines_load_back_within_the_allow_list(tables) -> None:
    """One test for all cases, so that parallel workers do not each fit them all."""
    outside: dict[str, list[str]] = {}
    different: list[str] = []
    used: set[str] = set()
    for case_id, task, algorithm, cleaning, features in CASES:
        pipeline, data = _fit(tables, task, algorithm, cleaning=cleaning, features=features)
        content = _skops_file(pipeline)
        reported = set(sio.get_untrusted_types(data=content))
        used |= reported
        if reported - ALLOWED_TYPES:
            outside[case_id] = sorted(reported - ALLOWED_TYPES)
            continue
        loaded = load_model(content, "model.skops")
        before = _predictions(pipeline, data.X_test)
        after = _predictions(loaded.pipeline, data.X_test)
        if not all(_same(b, a) for b, a in zip(before, after, strict=True)):
            different.append(case_id)

    assert not outside, f"add these types to core.deliver.modelfile.ALLOWED_TYPES: {outside}"
    assert not different, "predictions changed after a round trip"
    # skops trusts scikit-learn's estimators by default, and IterativeImputer counts as one
    # once any module has imported sklearn.experimental.enable_iterative_imputer.
    unused = ALLOWED_TYPES - used - set(SKLEARN_ESTIMATOR_TYPE_NAMES)
    assert sorted(unused) == [], "no ModelPath pipeline uses these types"


def test_allow_list_is_a_sorted_literal() -> None:
    tree = ast.parse(inspect.getsource(modelfile))
    literal = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "ALLOWED_TYPES"
    )
    names = [element.value for element in literal.args[0].elts]
    assert names == sorted(set(names))


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "algorithm"), [("binary", "random_forest"), ("regression", "hist_gradient_boosting")]
)
def test_round_trip_keeps_predictions_card_and_versions(tables, task, algorithm) -> None:
    # The default recipe imputes, one-hot encodes and takes date parts with DateFeatures.
    pipeline, data = _fit(tables, task, algorithm, features={"text": "tfidf"})
    assert "dates" in pipeline.named_steps["prep"].named_transformers_
    assert data.X_test.isna().any().any()

    content = dump_model(pipeline, CARD)
    loaded = load_model(content, "model.skops")

    assert isinstance(loaded, LoadedModel)
    assert loaded.card == CARD
    assert list(loaded.card) == list(CARD)  # key order too
    assert loaded.versions == library_versions()
    assert loaded.notices == ()
    for before, after in zip(
        _predictions(pipeline, data.X_test), _predictions(loaded.pipeline, data.X_test), strict=True
    ):
        assert np.array_equal(before, after)
    assert untrusted_types(content) == []


def test_library_versions_name_the_libraries() -> None:
    versions = library_versions()
    assert set(versions) == {
        "python",
        "scikit-learn",
        "imbalanced-learn",
        "numpy",
        "pandas",
        "scipy",
        "skops",
    }
    assert versions["numpy"] == np.__version__


@pytest.mark.parametrize(
    "card",
    [{"classes": ("no", "yes")}, {"score": float("nan")}, {1: "one"}, {"when": pd.Timestamp(0)}],
    ids=["tuple", "nan", "int-key", "object"],
)
def test_card_must_survive_json_unchanged(card) -> None:
    with pytest.raises(TypeError, match="model card"):
        dump_model([1, 2], card)


# --- types outside the allow-list ------------------------------------------------------------


class Canary:
    """Records every way an instance could come to life."""

    events: list[str] = []  # noqa: RUF012  (a class-wide record is the point)

    def __new__(cls, *args, **kwargs):
        cls.events.append("__new__")
        return super().__new__(cls)

    def __init__(self) -> None:
        self.events.append("__init__")
        self.armed = True  # some state, so that loading would call __setstate__

    def __setstate__(self, state) -> None:
        self.events.append("__setstate__")


CANARY_TYPE = f"{Canary.__module__}.Canary"


def test_unknown_type_is_refused_without_building_it() -> None:
    content = _skops_file({"model": Canary()})
    Canary.events.clear()

    with pytest.raises(ModelFileError) as caught:
        load_model(content, "model.skops")

    assert CANARY_TYPE in caught.value.what
    assert "run code" in caught.value.why
    assert Canary.events == []
    assert untrusted_types(content) == [CANARY_TYPE]
    # The canary does fire when its type is trusted: the silence above is the refusal's doing.
    sio.loads(content, trusted=[CANARY_TYPE])
    assert Canary.events == ["__new__", "__setstate__"]


def test_a_long_list_of_unknown_types_is_cut_short() -> None:
    functions = [
        posixpath.join,
        posixpath.split,
        posixpath.splitext,
        posixpath.basename,
        posixpath.dirname,
        posixpath.isabs,
        posixpath.normpath,
        posixpath.abspath,
        posixpath.relpath,
        posixpath.commonpath,
        posixpath.expanduser,
        posixpath.expandvars,
    ]
    names = sorted(f"posixpath.{f.__name__}" for f in functions)

    with pytest.raises(ModelFileError) as caught:
        load_model(_skops_file(functions), "model.skops")

    assert ", ".join(names[:10]) + " and 2 more" in caught.value.what


def test_dump_refuses_what_load_would_refuse() -> None:
    with pytest.raises(ModelFileError, match=r"Canary"):
        dump_model({"model": Canary()}, {})


# --- pickles ---------------------------------------------------------------------------------


class WritesCanaryFile:
    """Unpickling this writes a file: proof that a pickle runs code when loaded."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.write_text, (self.path, "pwned"))


@pytest.mark.parametrize("name", ["model.pkl", "model.skops", "MODEL.PICKLE", "model"])
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_pickle_is_refused_and_never_runs(tmp_path, name, protocol) -> None:
    canary = tmp_path / "canary.txt"
    content = pickle.dumps(WritesCanaryFile(canary), protocol=protocol)

    with pytest.raises(ModelFileError) as caught:
        load_model(content, name)

    assert not canary.exists()
    assert "pickle" in caught.value.what
    assert "runs whatever code" in caught.value.why
    assert "skops.io.dump" in caught.value.fix


def test_old_text_pickle_is_refused_too(tmp_path) -> None:
    # Protocol 0 has no marker byte; it is still not a zip, so it is never read further.
    canary = tmp_path / "canary.txt"
    content = pickle.dumps(WritesCanaryFile(canary), protocol=0)

    with pytest.raises(ModelFileError, match="isn't a readable"):
        load_model(content, "model.skops")
    assert not canary.exists()


@pytest.mark.parametrize("compress", [0, 3, "gzip", "bz2", "xz", "lzma"])
@pytest.mark.parametrize("name", ["model.joblib", "model.skops"])
def test_joblib_is_refused_and_never_runs(tmp_path, compress, name) -> None:
    canary = tmp_path / "canary.txt"
    path = tmp_path / "dumped.joblib"
    joblib.dump(WritesCanaryFile(canary), path, compress=compress)

    with pytest.raises(ModelFileError) as caught:
        load_model(path.read_bytes(), name)

    assert not canary.exists()
    assert "pickle or joblib" in caught.value.what


@pytest.mark.parametrize("name", ["model.joblib.gz", "weights.pt", "weights.PTH", "m.sav"])
def test_pickle_names_are_refused_whatever_the_content(name) -> None:
    content = dump_model([1, 2], {})
    with pytest.raises(ModelFileError, match=r"its name ends in \.(joblib|pt|pth|sav)"):
        load_model(content, name)


def test_zip_around_a_pickle_is_refused(tmp_path) -> None:
    # PyTorch's .pt format: a zip archive whose data.pkl is a pickle.
    canary = tmp_path / "canary.txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(WritesCanaryFile(canary)))

    with pytest.raises(ModelFileError, match="zip archive around a pickle"):
        load_model(buffer.getvalue(), "model.skops")
    assert not canary.exists()


# --- unreadable, foreign and oversized files -------------------------------------------------


@pytest.fixture(scope="module")
def small_file() -> bytes:
    model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    return dump_model(model, {"small": True})


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _edit_schema(content: bytes, edit) -> bytes:
    """The same archive with ``edit(schema)`` applied to its schema.json."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(members["schema.json"])
    edit(schema)
    members["schema.json"] = json.dumps(schema).encode()
    return _zip(members)


def _random_bytes(n: int) -> bytes:
    data = np.random.default_rng(5).integers(0, 256, size=n, dtype=np.uint8).tobytes()
    return b"R" + data[1:]  # a first byte that no pickle or compressed stream starts with


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda good: good[: len(good) // 2], "isn't a readable"),
        (lambda good: _random_bytes(2000), "isn't a readable"),
        (lambda good: b"", "empty"),
        (lambda good: b"PK\x05\x06" + b"\x00" * 18, "without the schema.json"),
        (lambda good: _zip({"data.csv": b"a,b\n1,2\n"}), "without the schema.json"),
        (lambda good: _zip({"schema.json": b"{not json"}), "schema.json cannot be read"),
        (lambda good: _zip({"schema.json": b'{"hello": 1}'}), "not a skops schema"),
        (lambda good: _zip({"schema.json": b"[1, 2]"}), "not a skops schema"),
    ],
    ids=[
        "truncated",
        "random",
        "empty",
        "empty-zip",
        "zip-of-csv",
        "bad-json",
        "not-skops-dict",
        "not-skops-list",
    ],
)
def test_unreadable_files_are_refused(small_file, make, expected) -> None:
    with pytest.raises(ModelFileError) as caught:
        load_model(make(small_file), "model.skops")
    assert expected in caught.value.message
    assert "download" in caught.value.fix.lower()


def test_damaged_member_is_refused(small_file) -> None:
    with zipfile.ZipFile(io.BytesIO(small_file)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    array_name = next(name for name in members if name.endswith(".npy"))
    members[array_name] = members[array_name][:20]  # a header without its data

    with pytest.raises(ModelFileError, match=r"could not be loaded|isn't a readable"):
        load_model(_zip(members), "model.skops")


def test_untrusted_types_refuses_garbage() -> None:
    with pytest.raises(ModelFileError, match="isn't a readable"):
        untrusted_types(_random_bytes(100))


def test_oversized_file_is_refused_first(small_file) -> None:
    with pytest.raises(ModelFileError) as caught:
        load_model(b"\x80" + small_file, "model.pkl", max_bytes=100)
    assert "more than the 100 bytes" in caught.value.what
    assert "MODELPATH_MAX_MODEL_MB" in caught.value.fix


def test_size_limit_comes_from_the_environment(monkeypatch, small_file) -> None:
    monkeypatch.setenv("MODELPATH_MAX_MODEL_MB", "0.001")
    with pytest.raises(ModelFileError, match=r"more than the 1\.0 KB"):
        load_model(small_file, "model.skops")
    monkeypatch.delenv("MODELPATH_MAX_MODEL_MB")
    assert load_model(small_file, "model.skops").card == {"small": True}


def test_archive_that_unpacks_too_far_is_refused() -> None:
    content = _zip({"schema.json": b"{}", "zeros.npy": bytes(3_000_000)}, zipfile.ZIP_DEFLATED)
    assert len(content) < 100_000
    with pytest.raises(ModelFileError, match=r"unpacks to 2\.9 MB"):
        load_model(content, "model.skops", max_bytes=100_000)


def test_bare_estimator_is_not_a_modelpath_file() -> None:
    model = DummyClassifier().fit([[0], [1]], [0, 1])
    with pytest.raises(ModelFileError) as caught:
        load_model(sio.dumps(model), "model.skops")
    assert "not made by ModelPath" in caught.value.what
    assert "model card" in caught.value.why


@pytest.mark.parametrize(
    "payload",
    [
        {"pipeline": DummyClassifier()},
        {"format": "someone-else", "version": 1, "pipeline": DummyClassifier()},
    ],
    ids=["no-marker", "other-marker"],
)
def test_other_skops_dicts_are_not_modelpath_files(payload) -> None:
    with pytest.raises(ModelFileError, match="not made by ModelPath"):
        load_model(sio.dumps(payload), "model.skops")


def test_newer_model_file_version_is_refused() -> None:
    content = _skops_file([1], version=MODEL_FILE_VERSION + 1)
    with pytest.raises(ModelFileError) as caught:
        load_model(content, "model.skops")
    assert "newer ModelPath" in caught.value.what
    assert "Update ModelPath" in caught.value.fix


def test_newer_skops_format_is_refused(small_file) -> None:
    content = _edit_schema(small_file, lambda schema: schema.update(protocol=999))
    with pytest.raises(ModelFileError, match="newer version of skops"):
        load_model(content, "model.skops")


@pytest.mark.parametrize(
    ("field", "value"),
    [("card", "[1, 2]"), ("card", "{broken"), ("versions", json.dumps({"numpy": 2}))],
    ids=["card-not-mapping", "card-not-json", "versions-not-text"],
)
def test_malformed_card_or_versions_are_refused(field, value) -> None:
    with pytest.raises(ModelFileError, match="isn't a readable"):
        load_model(_skops_file([1], **{field: value}), "model.skops")


# --- versions --------------------------------------------------------------------------------


def _older_versions(monkeypatch, **older: str) -> None:
    real = library_versions()
    monkeypatch.setattr(modelfile, "library_versions", lambda: {**real, **older})


def test_other_library_versions_load_with_a_notice(monkeypatch) -> None:
    _older_versions(monkeypatch, **{"scikit-learn": "1.8.0", "imbalanced-learn": "0.13.1"})
    content = dump_model([1, 2], CARD)
    monkeypatch.undo()

    loaded = load_model(content, "model.skops")

    assert loaded.card == CARD
    assert loaded.versions["scikit-learn"] == "1.8.0"
    installed = library_versions()
    sklearn_notice, imblearn_notice = loaded.notices
    assert "scikit-learn 1.8.0" in sklearn_notice
    assert installed["scikit-learn"] in sklearn_notice
    assert "imbalanced-learn 0.13.1" in imblearn_notice
    assert "predictions" in sklearn_notice


def test_same_minor_version_gives_no_notice(monkeypatch) -> None:
    major, minor = library_versions()["scikit-learn"].split(".")[:2]
    _older_versions(monkeypatch, **{"scikit-learn": f"{major}.{minor}.999"})
    content = dump_model([1], {})
    monkeypatch.undo()
    assert load_model(content, "model.skops").notices == ()


def _break_estimator_state(schema: dict) -> None:
    """Give the DummyClassifier a list as its state, so building it fails."""
    estimator = schema["content"]["pipeline"]
    estimator["content"] = {
        "__class__": "list",
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": "[1, 2]",
        "is_json": True,
    }


def test_load_failure_names_the_versions_as_the_likely_reason(monkeypatch) -> None:
    _older_versions(monkeypatch, **{"scikit-learn": "0.24.2"})
    content = _edit_schema(
        _skops_file(DummyClassifier(), versions=json.dumps(modelfile.library_versions())),
        _break_estimator_state,
    )
    monkeypatch.undo()

    with pytest.raises(ModelFileError) as caught:
        load_model(content, "model.skops")

    assert "could not be loaded" in caught.value.what
    assert "scikit-learn 0.24.2" in caught.value.why
    assert "likely reason" in caught.value.why


def test_load_failure_without_version_difference_says_corrupt() -> None:
    content = _edit_schema(_skops_file(DummyClassifier()), _break_estimator_state)
    with pytest.raises(ModelFileError) as caught:
        load_model(content, "model.skops")
    assert "corrupt" in caught.value.why


# --- damaged trees ---------------------------------------------------------------------------


def _tamper_tree(pipeline, field: str, value: int) -> None:
    tree = pipeline.named_steps["model"].tree_
    state = tree.__getstate__()
    state["nodes"][field][0] = value
    tree.__setstate__(state)


@pytest.mark.parametrize(
    ("field", "value"),
    [("left_child", 10**6), ("right_child", 0), ("feature", 10**6)],
    ids=["link-outside", "link-backwards", "feature-outside"],
)
def test_damaged_decision_tree_is_refused(tables, field, value) -> None:
    pipeline, _ = _fit(tables, "binary", "decision_tree")
    _tamper_tree(pipeline, field, value)
    with pytest.raises(ModelFileError) as caught:
        load_model(dump_model(pipeline, {}), "model.skops")
    assert "damaged decision tree" in caught.value.what


def test_damaged_boosting_tree_is_refused(tables) -> None:
    pipeline, _ = _fit(tables, "regression", "hist_gradient_boosting")
    pipeline.named_steps["model"]._predictors[0][0].nodes["feature_idx"][0] = 10**6
    with pytest.raises(ModelFileError, match="damaged boosting tree"):
        load_model(dump_model(pipeline, {}), "model.skops")


def test_damaged_neighbour_tree_is_refused(tables) -> None:
    features = {"date_parts": [], "selection": "f_test", "selection_k": 3}
    pipeline, _ = _fit(tables, "regression", "knn", features=features)
    tree = pipeline.named_steps["model"]._tree
    assert tree is not None
    state = list(tree.__getstate__())
    state[1] = state[1].copy()
    state[1][0] = 10**6
    tree.__setstate__(tuple(state))
    with pytest.raises(ModelFileError, match="damaged neighbour search tree"):
        load_model(dump_model(pipeline, {}), "model.skops")


# --- files written before issue 15 moved the custom steps ------------------------------------

# Written at commit 1673f98 (by /work/fixture/make.py), when the custom steps lived in
# core.transformers: each file, ten input rows and the predict_proba output they gave then.
DATA = Path(__file__).parent / "data"


def _before_move_file(name: str) -> bytes:
    return (DATA / f"before-move-{name}.skops").read_bytes()


@pytest.mark.parametrize("name", ["clip", "droprows"])
def test_file_written_before_the_move_loads_and_predicts_as_then(name: str) -> None:
    content = _before_move_file(name)
    assert '"core.transformers"' in _schema_text(content)  # the old path, as written then

    loaded = load_model(content, f"before-move-{name}.skops")

    rows = pd.read_csv(DATA / f"before-move-{name}-rows.csv", parse_dates=["signup_date"])
    recorded = np.loadtxt(DATA / f"before-move-{name}-proba.txt")
    with threadpool_limits(limits=1):
        predicted = loaded.pipeline.predict_proba(rows)
    np.testing.assert_allclose(predicted, recorded, rtol=0, atol=1e-12)
    assert untrusted_types(content) == []


def test_file_written_before_the_move_is_built_from_current_types() -> None:
    loaded = load_model(_before_move_file("clip"), "model.skops")
    assert MissingShareDropper in {type(step) for _, step in loaded.pipeline.steps}
    assert loaded.card == {"target": "churned"}


def test_foreign_type_under_the_old_module_path_is_refused() -> None:
    def smuggle(schema: dict) -> None:
        node = _find_node(schema, "MissingShareDropper")
        assert node["__module__"] == "core.transformers"
        node["__class__"] = "Evil"

    content = _edit_schema(_before_move_file("clip"), smuggle)

    with pytest.raises(ModelFileError) as caught:
        load_model(content, "model.skops")

    assert "core.prepare.transformers.Evil" in caught.value.what
    assert untrusted_types(content) == ["core.prepare.transformers.Evil"]


def _schema_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("schema.json").decode()


def _find_node(schema: object, class_name: str) -> dict:
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("__class__") == class_name:
                return item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    raise AssertionError(f"no {class_name} node in the schema")


# --- the size setting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 200 * 2**20), ("", 200 * 2**20), (" 50 ", 50 * 2**20), ("1.5", 1_572_864)],
)
def test_max_model_bytes_reads_the_setting(value, expected) -> None:
    environ = {} if value is None else {"MODELPATH_MAX_MODEL_MB": value}
    assert max_model_bytes(environ) == expected


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf", "1e-9", "200MB"])
def test_max_model_bytes_refuses_nonsense(value) -> None:
    with pytest.raises(ModelFileError) as caught:
        max_model_bytes({"MODELPATH_MAX_MODEL_MB": value})
    assert "MODELPATH_MAX_MODEL_MB" in caught.value.what
    assert caught.value.fix


def test_max_model_bytes_defaults_to_the_process_environment(monkeypatch) -> None:
    monkeypatch.setenv("MODELPATH_MAX_MODEL_MB", "3")
    assert max_model_bytes() == 3 * 2**20


def test_pipeline_with_date_pairs_and_an_order_comes_back_from_its_file() -> None:
    rng = np.random.default_rng(0)
    n = 60
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.uniform(0, 90, n), unit="D")
    X = pd.DataFrame(
        {
            "ordered": start,
            "delivered": start + pd.to_timedelta(rng.uniform(0, 5, n), unit="D"),
            "cut": rng.choice(["Fair", "Good", "Ideal"], n),
        }
    )
    recipe = Recipe(features=FeaturesSection(ordinal_orders={"cut": ("Fair", "Good", "Ideal")}))
    columns = FeatureColumns(datetime=("ordered", "delivered"), categorical=("cut",))
    pipeline = build_pipeline(recipe, columns, task="regression", model=Ridge())
    pipeline.fit(X, rng.normal(size=n))

    loaded = load_model(dump_model(pipeline, {}), "dates.skops").pipeline

    np.testing.assert_allclose(loaded.predict(X), pipeline.predict(X))
    prep = loaded.named_steps["prep"]
    parts = prep.named_transformers_["dates"].named_steps["parts"]
    assert parts.dropped_features_.tolist() == ["ordered_year", "delivered_year"]
    assert "date_durations__days_ordered_to_delivered" in prep.get_feature_names_out()
