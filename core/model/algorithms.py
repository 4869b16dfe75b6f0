"""The model registry: every algorithm ModelPath offers, as data.

One :class:`ModelSpec` per algorithm holds the tasks it serves, a factory for an unfitted
scikit-learn estimator, its hyperparameter specs (kind, range, log scale, default, a one-line
meaning) and a learner card (how it works, strengths, weaknesses, whether it needs scaling or
handles missing values, how its cost grows, when to pick it). Pages, tuning, tests and the
exported script all read this registry, so adding an algorithm means adding one entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
    RidgeClassifier,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.svm import SVC, SVR, LinearSVC, LinearSVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from core.errors import ModelPathError
from core.recipe import CLASSIFICATION_TASKS, TASKS

__all__ = [
    "MODELS",
    "LearnerCard",
    "ModelError",
    "ModelSpec",
    "ParamSpec",
    "model_spec",
    "models_for_task",
]


class ModelError(ModelPathError):
    """An unknown algorithm, or a hyperparameter value it cannot take."""


@dataclass(frozen=True)
class ParamSpec:
    """One hyperparameter: its kind, range and meaning.

    Parameters
    ----------
    name : str
        The estimator's parameter name.
    kind : {"int", "float", "choice", "bool"}
        The kind of value.
    default : int, float, str, bool or None
        ModelPath's default (``None`` only with ``optional=True``).
    meaning : str
        One line: what the parameter does, in plain words.
    low, high : float, optional
        The range for numbers (inclusive).
    log : bool
        Whether the range is best explored on a log scale (C, alpha, learning rate).
    choices : tuple
        Allowed values for ``kind="choice"``.
    optional : bool
        ``None`` is allowed and means "no limit" (e.g. ``max_depth``).
    complexity : {-1, 0, 1}
        Which way raising the value moves the model: 1 = more flexible (risk of overfitting,
        e.g. ``max_depth``, ``C``), -1 = simpler (more regularised, e.g. ``alpha``,
        ``min_samples_leaf``), 0 = neither (cost or shape only). The diagnosis uses it to turn
        "overfitting" into "lower max_depth from 12".
    """

    name: str
    kind: str
    default: Any
    meaning: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple[Any, ...] = ()
    optional: bool = False
    complexity: int = 0

    def check(self, value: Any, *, algorithm: str) -> Any:
        """Validate ``value``; return it in the estimator's type.

        Raises
        ------
        ModelError
            When the value has the wrong kind or lies outside the range.
        """
        if value is None and self.optional:
            return None

        def fail(expected: str) -> ModelError:
            return ModelError(
                f"{algorithm}: the hyperparameter {self.name!r} cannot be {value!r}.",
                f"It must be {expected}. {self.meaning}",
                f"Choose a value {expected}.",
            )

        if self.kind == "choice":
            if value not in self.choices:
                raise fail("one of " + ", ".join(repr(c) for c in self.choices))
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise fail("true or false")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(f"a number between {self.low:g} and {self.high:g}")
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise fail(f"between {self.low:g} and {self.high:g}")
        if self.kind == "int":
            if float(value) != int(value):
                raise fail(f"a whole number between {self.low:g} and {self.high:g}")
            return int(value)
        return float(value)


@dataclass(frozen=True)
class LearnerCard:
    """What a person should know about a learner before choosing it.

    Parameters
    ----------
    how : str
        How it works, in two sentences.
    strengths, weaknesses : str
        One line each.
    needs_scaling : bool
        Whether features must be on comparable scales.
    handles_missing : bool
        Whether it accepts missing values natively.
    cost : str
        How training time grows with rows and columns.
    when : str
        When to pick it.
    """

    how: str
    strengths: str
    weaknesses: str
    needs_scaling: bool
    handles_missing: bool
    cost: str
    when: str


@dataclass(frozen=True)
class ModelSpec:
    """One algorithm of the registry.

    Parameters
    ----------
    key : str
        Stable identifier stored in the recipe (``model.algorithm``).
    label : str
        Name shown to people.
    family : str
        ``"baseline"``, ``"linear"``, ``"neighbours"``, ``"tree"``, ``"ensemble"``,
        ``"kernel"``, ``"probabilistic"`` or ``"neural"``.
    tasks : tuple of str
        The tasks it serves.
    factory : callable
        ``factory(task, seed, n_jobs) -> estimator`` with ModelPath's defaults.
    params : tuple of ParamSpec
        The tunable hyperparameters.
    card : LearnerCard
        The learner card.
    max_rows : int or None
        Training rows past which a quick comparison skips it (cost grows too fast).
    cost_rank : int
        0 (instant) to 4 (slowest): a quick comparison runs cheap algorithms first, so a
        tight budget is spent on as many of them as possible.
    """

    key: str
    label: str
    family: str
    tasks: tuple[str, ...]
    factory: Callable[[str, int, int], Any] = field(repr=False)
    params: tuple[ParamSpec, ...]
    card: LearnerCard
    max_rows: int | None = None
    cost_rank: int = 2

    def param(self, name: str) -> ParamSpec:
        """The spec of one hyperparameter (ModelError when unknown)."""
        for spec in self.params:
            if spec.name == name:
                return spec
        raise ModelError(
            f"{self.label} has no hyperparameter {name!r}.",
            "Its hyperparameters are: " + (", ".join(p.name for p in self.params) or "none") + ".",
            "Use one of those names.",
        )

    def accepts_class_weight(self, task: str) -> bool:
        """Whether its estimator for ``task`` can weight classes (``class_weight``)."""
        return task in self.tasks and "class_weight" in self.factory(task, 0, 1).get_params()

    def defaults(self) -> dict[str, Any]:
        """ModelPath's default value of every hyperparameter."""
        return {p.name: p.default for p in self.params}

    def build(
        self, task: str, params: Mapping[str, Any] | None = None, *, seed: int, n_jobs: int = 1
    ) -> Any:
        """An unfitted estimator for ``task`` with the given hyperparameters.

        Parameters
        ----------
        task : {"binary", "multiclass", "regression"}
            The task.
        params : mapping, optional
            Hyperparameters that differ from the defaults (validated against the specs).
        seed : int
            Seed for estimators with randomness.
        n_jobs : int
            Parallel jobs for estimators that support them.

        Returns
        -------
        estimator

        Raises
        ------
        ModelError
            When the algorithm does not serve ``task``, or a parameter is unknown or invalid.
        """
        if task not in self.tasks:
            serves = " and ".join(self.tasks)
            raise ModelError(
                f"{self.label} cannot be used for a {task} task.",
                f"It serves {serves} tasks.",
                "Choose another algorithm for this problem.",
            )
        values = {**self.defaults(), **dict(params or {})}
        checked = {
            name: self.param(name).check(v, algorithm=self.label) for name, v in values.items()
        }
        estimator = self.factory(task, seed, n_jobs)
        return estimator.set_params(**_translate(self.key, checked))


def _translate(key: str, values: dict[str, Any]) -> dict[str, Any]:
    """Registry parameters that are not estimator parameters one-to-one."""
    values = dict(values)
    if key == "mlp":
        layers, units = values.pop("hidden_layers"), values.pop("hidden_units")
        values["hidden_layer_sizes"] = (units,) * layers
    if key == "logistic_regression" and values.get("l1_ratio", 0.0) > 0:
        values["solver"] = "saga"  # the solver that supports L1 and elastic-net penalties
    return values


def _log(
    name: str, default: float, low: float, high: float, meaning: str, complexity: int = 0
) -> ParamSpec:
    return ParamSpec(name, "float", default, meaning, low, high, log=True, complexity=complexity)


def _depth(default: int | None = None) -> ParamSpec:
    return ParamSpec(
        "max_depth",
        "int",
        default,
        "How many questions deep a tree may grow; None = until leaves are pure. Lower it "
        "to fight overfitting.",
        1,
        50,
        optional=True,
        complexity=1,
    )


_LEAF = ParamSpec(
    "min_samples_leaf",
    "int",
    1,
    "The fewest training rows a leaf may hold; raise it to smooth predictions.",
    1,
    100,
    complexity=-1,
)
_ESTIMATORS = ParamSpec(
    "n_estimators",
    "int",
    100,
    "How many trees vote; more is steadier but slower, and never overfits by itself.",
    10,
    1000,
)
_MAX_FEATURES = ParamSpec(
    "max_features",
    "choice",
    "sqrt",
    "How many features each split may consider; fewer makes trees more different.",
    choices=("sqrt", "log2", 1.0),
)
_C = _log(
    "C",
    1.0,
    1e-3,
    1e3,
    "Inverse regularisation strength: smaller C = simpler model, less overfit.",
    complexity=1,
)
_ALPHA = _log("alpha", 1.0, 1e-4, 1e3, "Regularisation strength: larger alpha = simpler model.", -1)


def _by_task(classifier: Callable[..., Any], regressor: Callable[..., Any], **common: Any):
    def factory(task: str, seed: int, n_jobs: int) -> Any:
        cls = classifier if task in CLASSIFICATION_TASKS else regressor
        return cls(**_accepted(cls, common, seed, n_jobs))

    return factory


def _accepted(cls: Any, common: dict[str, Any], seed: int, n_jobs: int) -> dict[str, Any]:
    names = cls().get_params()
    kwargs = {k: v for k, v in common.items() if k in names}
    if "random_state" in names:
        kwargs["random_state"] = seed
    if "n_jobs" in names:
        kwargs["n_jobs"] = n_jobs
    return kwargs


_CLASSIFY = ("binary", "multiclass")
_ALL = TASKS

_SPECS = (
    ModelSpec(
        "baseline",
        "Baseline (dummy)",
        "baseline",
        _ALL,
        _by_task(DummyClassifier, DummyRegressor),
        (),
        LearnerCard(
            "Ignores the features: predicts the most frequent class, or the mean value. It is "
            "the score any real model must beat.",
            "Instant; shows what 'no skill' scores on your metric.",
            "Learns nothing by design.",
            False,
            True,
            "Constant: it only counts or averages the target.",
            "Always, as the yardstick beside every other model.",
        ),
        cost_rank=0,
    ),
    ModelSpec(
        "linear_regression",
        "Linear regression",
        "linear",
        ("regression",),
        lambda task, seed, n_jobs: LinearRegression(),
        (),
        LearnerCard(
            "Fits a straight-line (hyperplane) relationship between features and target by least "
            "squares. Each coefficient says how much the target moves per unit of a feature.",
            "Fast, transparent, a strong baseline when relations are roughly linear.",
            "Misses curves and interactions unless you add them; sensitive to outliers and "
            "correlated features.",
            True,
            False,
            "Grows with rows × columns²; fast up to hundreds of columns.",
            "First model for a numeric target, and whenever you must explain coefficients.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "logistic_regression",
        "Logistic regression",
        "linear",
        _CLASSIFY,
        lambda task, seed, n_jobs: LogisticRegression(max_iter=2000, random_state=seed),
        (
            _C,
            ParamSpec(
                "l1_ratio",
                "float",
                0.0,
                "0 = ridge-like (L2) penalty, 1 = lasso-like (L1, drops features), between = "
                "elastic net.",
                0.0,
                1.0,
            ),
        ),
        LearnerCard(
            "Models the log-odds of a class as a weighted sum of the features and squashes it "
            "into a probability. Regularisation (C) keeps the weights small.",
            "Fast, well-calibrated probabilities, interpretable coefficients.",
            "Linear boundaries only; needs scaled features and engineered interactions.",
            True,
            False,
            "Roughly linear in rows × columns.",
            "First model for classification, and for large sparse data such as text.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "ridge",
        "Ridge",
        "linear",
        _ALL,
        _by_task(RidgeClassifier, Ridge),
        (_ALPHA,),
        LearnerCard(
            "Linear model with an L2 penalty that shrinks all coefficients towards zero. The "
            "penalty tames correlated features and overfitting.",
            "Stable with many correlated features; fast.",
            "Linear only; keeps every feature (no selection).",
            True,
            False,
            "Grows with rows × columns²; fast.",
            "A linear model when features are many or correlated.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "lasso",
        "Lasso",
        "linear",
        ("regression",),
        lambda task, seed, n_jobs: Lasso(max_iter=5000, random_state=seed),
        (
            _log(
                "alpha",
                1.0,
                1e-4,
                1e3,
                "Penalty strength: larger alpha sets more weights to 0.",
                -1,
            ),
        ),
        LearnerCard(
            "Linear regression with an L1 penalty that sets many coefficients exactly to zero. "
            "It selects features as it fits.",
            "Sparse, readable models; built-in feature selection.",
            "Picks one of several correlated features arbitrarily; linear only.",
            True,
            False,
            "Roughly linear in rows × columns.",
            "When you suspect only a few features matter.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "elastic_net",
        "Elastic net",
        "linear",
        ("regression",),
        lambda task, seed, n_jobs: ElasticNet(max_iter=5000, random_state=seed),
        (
            _ALPHA,
            ParamSpec("l1_ratio", "float", 0.5, "Mix of L1 (1) and L2 (0) penalties.", 0.0, 1.0),
        ),
        LearnerCard(
            "Linear regression with a blend of L1 and L2 penalties. It selects features like "
            "lasso while sharing weight among correlated ones like ridge.",
            "Sparse yet stable with correlated features.",
            "Two knobs to tune; linear only.",
            True,
            False,
            "Roughly linear in rows × columns.",
            "Many correlated features of which only some matter.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "knn",
        "k-nearest neighbours",
        "neighbours",
        _ALL,
        _by_task(KNeighborsClassifier, KNeighborsRegressor),
        (
            ParamSpec(
                "n_neighbors",
                "int",
                5,
                "How many similar training rows vote; more = smoother, fewer = more local.",
                1,
                100,
                complexity=-1,
            ),
            ParamSpec(
                "weights",
                "choice",
                "uniform",
                "Whether closer neighbours count more ('distance').",
                choices=("uniform", "distance"),
            ),
        ),
        LearnerCard(
            "Predicts from the k training rows most similar to the new one. There is no "
            "training beyond storing the data.",
            "Captures any shape of boundary; nothing to fit.",
            "Slow predictions on big data; suffers with many irrelevant or unscaled features.",
            True,
            False,
            "Fitting is instant; each prediction scans the training rows.",
            "Small to medium tables with a few meaningful, scaled features.",
        ),
        cost_rank=3,
    ),
    ModelSpec(
        "decision_tree",
        "Decision tree",
        "tree",
        _ALL,
        _by_task(DecisionTreeClassifier, DecisionTreeRegressor),
        (_depth(), _LEAF),
        LearnerCard(
            "Asks a sequence of yes/no questions about single features, each chosen to separate "
            "the target best. The answers lead to a leaf holding the prediction.",
            "Readable rules; no scaling; handles mixed features and missing values.",
            "Overfits easily when deep; small data changes can change the whole tree.",
            False,
            True,
            "About rows × log(rows) × columns.",
            "When you need rules people can read, or as a teaching model for overfitting.",
        ),
        cost_rank=2,
    ),
    ModelSpec(
        "random_forest",
        "Random forest",
        "ensemble",
        _ALL,
        _by_task(RandomForestClassifier, RandomForestRegressor),
        (_ESTIMATORS, _depth(), _LEAF, _MAX_FEATURES),
        LearnerCard(
            "Averages many deep trees, each grown on a bootstrap sample with random feature "
            "subsets. Averaging cancels the trees' individual overfitting.",
            "Strong out of the box; robust; little tuning; handles missing values.",
            "Large models; slower to predict; less interpretable than one tree.",
            False,
            True,
            "Trees × rows × log(rows) × features tried per split; parallel.",
            "A reliable first non-linear model on tabular data.",
        ),
        cost_rank=3,
    ),
    ModelSpec(
        "extra_trees",
        "Extra trees",
        "ensemble",
        _ALL,
        _by_task(ExtraTreesClassifier, ExtraTreesRegressor),
        (_ESTIMATORS, _depth(), _LEAF, _MAX_FEATURES),
        LearnerCard(
            "Like a random forest, but split thresholds are drawn at random too. The extra "
            "randomness lowers variance further and trains faster.",
            "Fast; often as accurate as random forests; robust to noise.",
            "Slightly higher bias; large models.",
            False,
            True,
            "Faster than a random forest of the same size.",
            "When a random forest is good but slow, or overfits.",
        ),
        cost_rank=3,
    ),
    ModelSpec(
        "hist_gradient_boosting",
        "Histogram gradient boosting",
        "ensemble",
        _ALL,
        _by_task(HistGradientBoostingClassifier, HistGradientBoostingRegressor),
        (
            _log(
                "learning_rate",
                0.1,
                0.005,
                1.0,
                "How much each new tree corrects the last; smaller = slower but steadier.",
                1,
            ),
            ParamSpec(
                "max_iter", "int", 100, "How many boosting rounds (trees).", 10, 2000, complexity=1
            ),
            ParamSpec(
                "max_leaf_nodes",
                "int",
                31,
                "Leaves per tree: the complexity of each.",
                2,
                255,
                complexity=1,
            ),
            ParamSpec(
                "l2_regularization",
                "float",
                0.0,
                "Penalty on leaf values (0 = none).",
                0.0,
                10.0,
                complexity=-1,
            ),
        ),
        LearnerCard(
            "Builds shallow trees one after another, each fixing the errors of the ones before, "
            "on binned features. Binning makes it fast on large tables.",
            "Usually the most accurate on tabular data; fast; handles missing values natively.",
            "More knobs; can overfit with a high learning rate and many rounds.",
            False,
            True,
            "Roughly linear in rows and columns thanks to binning; fast on 100k+ rows.",
            "Medium to large tables when accuracy matters most.",
        ),
        cost_rank=2,
    ),
    ModelSpec(
        "svm",
        "Support vector machine (kernel)",
        "kernel",
        _ALL,
        _by_task(SVC, SVR),
        (
            _C,
            ParamSpec(
                "kernel",
                "choice",
                "rbf",
                "The shape of the boundary: rbf (smooth curves), poly, or linear.",
                choices=("rbf", "poly", "linear"),
            ),
            ParamSpec(
                "gamma",
                "choice",
                "scale",
                "How far one training row's influence reaches (rbf/poly).",
                choices=("scale", "auto"),
            ),
        ),
        LearnerCard(
            "Finds the boundary with the widest margin between classes, after mapping rows "
            "through a kernel that lets the boundary curve. Only the rows near the boundary "
            "(support vectors) matter.",
            "Powerful on small and medium data with complex boundaries.",
            "Slow beyond ~10,000 rows; needs scaling; no native probabilities.",
            True,
            False,
            "Between rows² and rows³: keep it under about 10,000 rows.",
            "Small or medium tables with scaled numeric features.",
        ),
        max_rows=20_000,
        cost_rank=4,
    ),
    ModelSpec(
        "linear_svm",
        "Linear support vector machine",
        "linear",
        _ALL,
        _by_task(LinearSVC, LinearSVR),
        (_C,),
        LearnerCard(
            "A support vector machine restricted to straight boundaries. Without a kernel it "
            "scales to large data.",
            "Fast on many rows and many (sparse) features such as text.",
            "Linear only; no probabilities.",
            True,
            False,
            "Roughly linear in rows × columns.",
            "Large tables or text, when a linear boundary is enough.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "naive_bayes",
        "Naive Bayes (Gaussian)",
        "probabilistic",
        _CLASSIFY,
        lambda task, seed, n_jobs: GaussianNB(),
        (
            _log(
                "var_smoothing",
                1e-9,
                1e-12,
                1.0,
                "Variance added for numerical stability; larger = smoother.",
                -1,
            ),
        ),
        LearnerCard(
            "Applies Bayes' rule assuming features are independent given the class, each "
            "following a bell curve. The naive assumption is rarely true, yet it often works.",
            "Very fast; works with little data.",
            "Probabilities are poorly calibrated; correlated features are double-counted.",
            False,
            False,
            "Linear in rows × columns.",
            "A quick baseline, small data, or very many rows.",
        ),
        cost_rank=1,
    ),
    ModelSpec(
        "mlp",
        "Neural network (MLP)",
        "neural",
        _ALL,
        _by_task(MLPClassifier, MLPRegressor, max_iter=500, early_stopping=True),
        (
            ParamSpec("hidden_layers", "int", 1, "How many hidden layers.", 1, 3, complexity=1),
            ParamSpec(
                "hidden_units", "int", 100, "Neurons per hidden layer.", 4, 512, complexity=1
            ),
            _log("alpha", 1e-4, 1e-6, 1.0, "L2 penalty on the weights: larger = simpler.", -1),
            _log("learning_rate_init", 1e-3, 1e-4, 0.1, "Step size of the optimiser at the start."),
        ),
        LearnerCard(
            "Layers of weighted sums and non-linear activations, trained by gradient descent. "
            "With enough units it can fit almost any smooth function.",
            "Flexible; learns interactions by itself.",
            "Needs scaling, tuning and data; results vary with the seed; hard to explain.",
            True,
            False,
            "Epochs × rows × weights; moderate.",
            "Larger tables with complex relations, after simpler models.",
        ),
        cost_rank=3,
    ),
)

MODELS: Mapping[str, ModelSpec] = MappingProxyType({spec.key: spec for spec in _SPECS})


def model_spec(key: str) -> ModelSpec:
    """The registry entry of an algorithm.

    Raises
    ------
    ModelError
        When no algorithm has that key.
    """
    try:
        return MODELS[key]
    except KeyError:
        raise ModelError(
            f"There is no algorithm called {key!r}.",
            "Available algorithms: " + ", ".join(MODELS) + ".",
            "Choose one of those.",
        ) from None


def models_for_task(task: str) -> list[ModelSpec]:
    """The algorithms that serve ``task``, in registry order (baseline first)."""
    return [spec for spec in MODELS.values() if task in spec.tasks]
