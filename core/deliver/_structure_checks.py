"""Structural checks of the trees inside a loaded model, before anything predicts with them.

Decision trees, gradient-boosting trees and k-d trees are walked by scikit-learn's compiled
code, which follows their node links and feature numbers without bounds checks. A crafted
model file could therefore make predicting read outside memory and crash the process.
:func:`check_structures` finds every such tree reachable from a loaded pipeline and refuses
links that point outside the tree or backwards, features outside the input, and node tables
of the wrong shape, raising :class:`DamagedStructure`; :mod:`core.deliver.modelfile` turns
that into a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

import numpy as np
from sklearn.ensemble._hist_gradient_boosting.common import PREDICTOR_RECORD_DTYPE
from sklearn.ensemble._hist_gradient_boosting.predictor import TreePredictor
from sklearn.neighbors import KDTree
from sklearn.tree._tree import Tree

__all__ = ["DamagedStructure", "check_structures"]


class DamagedStructure(Exception):
    """A tree in a loaded model links outside itself; ``what`` names the kind of tree."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(detail)
        self.what = what


def check_structures(root: Any) -> None:
    """Check every decision tree, boosting tree and k-d tree reachable from ``root``.

    scikit-learn follows their node links and feature numbers in compiled code without
    bounds checks, so a crafted file could make predicting read outside memory. The feature
    limit of a tree is the ``n_features_in_`` of its nearest owner: the estimator whose
    ``predict`` checks the width of the rows before walking the tree.
    """
    stack: list[tuple[Any, int | None]] = [(root, None)]
    seen: set[tuple[int, int | None]] = set()
    while stack:
        item, width = stack.pop()
        key = (id(item), width)
        if key in seen or isinstance(item, (str, bytes, int, float, type(None))):
            continue
        seen.add(key)
        if isinstance(item, Tree):
            _check_tree(item, width)
            continue
        if isinstance(item, TreePredictor):
            _check_predictor(item, width)
            continue
        if isinstance(item, KDTree):
            _check_kd_tree(item)
            continue
        if isinstance(item, np.ndarray):
            if item.dtype == object:
                stack.extend((value, width) for value in item.ravel())
            continue
        if isinstance(item, Mapping):
            children: Iterable[Any] = item.values()
        elif isinstance(item, (list, tuple, set, frozenset)):
            children = item
        elif isinstance(item, partial):
            children = [item.func, *item.args, *item.keywords.values()]
        else:
            attributes = getattr(item, "__dict__", None)
            if not isinstance(attributes, dict):
                continue
            n_features = attributes.get("n_features_in_")
            if isinstance(n_features, (int, np.integer)) and not isinstance(n_features, bool):
                width = int(n_features)
            children = attributes.values()
        stack.extend((child, width) for child in children)


def _check_tree(tree: Tree, width: int | None) -> None:
    what = "decision tree"
    # Read the counts before any node array: the arrays are views sized by node_count.
    count, capacity = int(tree.node_count), int(tree.capacity)
    if not 1 <= count <= capacity:
        raise DamagedStructure(what, f"it claims {count} nodes but holds {capacity}")
    limit = int(tree.n_features) if width is None else min(width, int(tree.n_features))
    left = np.asarray(tree.children_left, dtype=np.int64)
    right = np.asarray(tree.children_right, dtype=np.int64)
    feature = np.asarray(tree.feature, dtype=np.int64)
    _check_links(what, left, right, feature, left != -1, limit)


def _check_predictor(predictor: TreePredictor, width: int | None) -> None:
    what = "boosting tree"
    nodes = getattr(predictor, "nodes", None)
    if width is None:
        raise DamagedStructure(what, "it is not part of a fitted gradient boosting model")
    if (
        not isinstance(nodes, np.ndarray)
        or nodes.dtype != PREDICTOR_RECORD_DTYPE
        or nodes.ndim != 1
        or len(nodes) == 0
    ):
        raise DamagedStructure(what, "its node table has the wrong shape")
    split = nodes["is_leaf"] == 0
    if np.any(nodes["is_categorical"][split] != 0):
        # ModelPath feeds boosting numbers only; category splits index further tables.
        raise DamagedStructure(what, "it has category splits ModelPath models never make")
    _check_links(
        what,
        nodes["left"].astype(np.int64),
        nodes["right"].astype(np.int64),
        nodes["feature_idx"].astype(np.int64),
        split,
        width,
    )


def _check_links(
    what: str,
    left: np.ndarray,
    right: np.ndarray,
    feature: np.ndarray,
    split: np.ndarray,
    n_features: int,
) -> None:
    """Split nodes link forward to nodes that exist (so walks end) and read real features."""
    count = len(left)
    index = np.arange(count)[split]
    for links in (left[split], right[split]):
        if np.any((links <= index) | (links >= count)):
            raise DamagedStructure(what, "a node links to a node that does not follow it")
    used = feature[split]
    if np.any((used < 0) | (used >= n_features)):
        raise DamagedStructure(what, f"a node reads a feature outside the {n_features} it has")


def _check_kd_tree(tree: KDTree) -> None:
    what = "neighbour search tree"
    try:
        state = tree.__getstate__()
        data, order, nodes, bounds = (np.asarray(part) for part in state[:4])
        levels, n_nodes, weights = int(state[5]), int(state[6]), state[12]
    except (TypeError, ValueError, IndexError) as exc:
        raise DamagedStructure(what, f"its state cannot be read ({exc})") from None
    if data.ndim != 2 or order.ndim != 1 or nodes.ndim != 1:
        raise DamagedStructure(what, "its arrays have the wrong shape")
    n_samples = data.shape[0]
    if not 1 <= levels <= 64 or n_nodes != 2**levels - 1 or len(nodes) != n_nodes:
        raise DamagedStructure(what, "its node count does not match its depth")
    if bounds.shape != (2, n_nodes, data.shape[1]):
        raise DamagedStructure(what, "its node bounds have the wrong shape")
    if len(order) != n_samples or np.any((order < 0) | (order >= n_samples)):
        raise DamagedStructure(what, "its index points outside its rows")
    start, end = nodes["idx_start"], nodes["idx_end"]
    if np.any((start < 0) | (start > end) | (end > n_samples)):
        raise DamagedStructure(what, "a node covers rows outside the tree")
    inner = np.flatnonzero(nodes["is_leaf"] == 0)
    if np.any(2 * inner + 2 >= n_nodes):
        raise DamagedStructure(what, "a node links to a node that does not exist")
    if weights is not None and np.asarray(weights).shape != (n_samples,):
        raise DamagedStructure(what, "its weights do not match its rows")
