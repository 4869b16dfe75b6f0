"""Declarative constraints on recipe fields: one small validator per kind of field.

In the spirit of scikit-learn's ``sklearn/utils/_param_validation.py``: a recipe field declares
what it accepts with :func:`field_rule` and a constraint such as ``Choice(("a", "b"))`` or
``Number(float, (0.0, 1.0), optional=True)``. Each constraint's :meth:`Constraint.check`
validates one value and returns it normalised and frozen (ints become floats where a decimal is
expected, lists become tuples, mappings become read-only), or raises
:class:`~core.errors.RecipeError` with the three-part message (what, why, what to do) naming the
field. Part of the spine: it needs only the standard library and ``core.errors``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, ClassVar

from core.errors import RecipeError

__all__ = [
    "Choice",
    "Constraint",
    "Flag",
    "NameMap",
    "Names",
    "NestedMap",
    "Number",
    "OrderMap",
    "ParamMap",
    "Scalar",
    "SpaceMap",
    "Text",
    "field_rule",
    "thaw",
]


def field_rule(constraint: Constraint, default: Any) -> Any:
    """Declare a recipe field: the constraint its values obey, and its default.

    The constraint is kept in the field's metadata (``"constraint"``, and its ``"kind"`` for
    readers such as the report that word values by kind). A container default is checked and
    frozen once, so every section shares one read-only default.
    """
    metadata = {"kind": constraint.kind, "constraint": constraint}
    if isinstance(default, (dict, list, tuple, Mapping)):
        frozen = constraint.check(default, "default")
        return field(default_factory=lambda: frozen, metadata=metadata)
    return field(default=default, metadata=metadata)


def _is_json_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def thaw(value: Any) -> Any:
    """A frozen value (read-only mappings, tuples) as plain JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _freeze_range(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(
        {k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in value.items()}
    )


class Constraint:
    """What one recipe field accepts.

    Parameters
    ----------
    optional : bool
        Also accept ``None`` (kept as ``None``).
    """

    kind: ClassVar[str] = ""

    def __init__(self, *, optional: bool = False) -> None:
        self.optional = optional

    def check(self, value: Any, where: str) -> Any:
        """Validate ``value`` for the field ``where`` (``"section.field"``); return it frozen.

        Raises
        ------
        RecipeError
            Naming the field, its value and what it must be.
        """
        if value is None and self.optional:
            return None
        return self._check(value, where)

    def _check(self, value: Any, where: str) -> Any:
        raise NotImplementedError

    @staticmethod
    def _fail(value: Any, where: str, expected: str) -> RecipeError:
        return RecipeError(
            f"The recipe field {where!r} has the value {value!r}.",
            f"It must be {expected}.",
            f"Set {where!r} to an allowed value.",
        )


class Choice(Constraint):
    """One of a fixed set of values (``None`` among them when the field may be unset).

    Parameters
    ----------
    options : tuple
        The allowed values, in the order the message lists them.
    """

    kind = "choice"

    def __init__(self, options: tuple[Any, ...]) -> None:
        super().__init__()
        self.options = tuple(options)

    def _check(self, value: Any, where: str) -> Any:
        if value not in self.options:
            raise self._fail(value, where, "one of: " + ", ".join(repr(c) for c in self.options))
        return value


class Flag(Constraint):
    """True or false (not 0/1)."""

    kind = "bool"

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, bool):
            raise self._fail(value, where, "true or false")
        return value


class Number(Constraint):
    """A finite number, optionally within a closed range.

    Parameters
    ----------
    type : {int, float}
        ``int`` accepts whole numbers only; ``float`` also accepts ints and stores them as floats.
    range : tuple of (low, high), optional
        Inclusive bounds.
    optional : bool
        Also accept ``None``.
    """

    def __init__(
        self,
        type: type,
        range: tuple[float, float] | None = None,
        *,
        optional: bool = False,
    ) -> None:
        super().__init__(optional=optional)
        if type not in (int, float):
            raise TypeError("Number constraints are int or float")
        self.type = type
        self.range = range

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.type.__name__

    def _check(self, value: Any, where: str) -> Any:
        numeric = (int,) if self.type is int else (int, float)
        lo, hi = self.range if self.range is not None else (None, None)
        bounds = f" between {lo} and {hi}" if lo is not None else ""
        if isinstance(value, bool) or not isinstance(value, numeric):
            raise self._fail(
                value, where, f"a{'' if self.type is int else ' decimal'} number{bounds}"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise self._fail(value, where, f"a finite number{bounds}")
        if lo is not None and not lo <= value <= hi:
            raise self._fail(value, where, f"a number{bounds}")
        return float(value) if self.type is float else value


class Text(Constraint):
    """A text value.

    Parameters
    ----------
    allow_empty : bool
        Accept the empty text.
    optional : bool
        Also accept ``None``.
    """

    kind = "str"

    def __init__(self, *, allow_empty: bool = True, optional: bool = False) -> None:
        super().__init__(optional=optional)
        self.allow_empty = allow_empty

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, str) or (not value and not self.allow_empty):
            raise self._fail(value, where, "text")
        return value


class Scalar(Constraint):
    """One JSON value: text, a finite number, true/false or ``None``."""

    kind = "scalar"

    def _check(self, value: Any, where: str) -> Any:
        if not _is_json_scalar(value):
            raise self._fail(value, where, "a single value (text, number or true/false)")
        return value


class Names(Constraint):
    """A list of texts (column names, tokens, parts), stored as a tuple.

    Parameters
    ----------
    unique : bool
        Refuse repeats.
    values : tuple of str, optional
        The texts the list may draw from.
    """

    kind = "str_tuple"

    def __init__(self, *, unique: bool = False, values: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.unique = unique
        self.values = values

    def _check(self, value: Any, where: str) -> Any:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise self._fail(value, where, "a list of texts")
        if not all(isinstance(v, str) for v in value):
            raise self._fail(value, where, "a list of texts")
        if self.unique and len(set(value)) != len(value):
            raise self._fail(value, where, "a list of texts without repeats")
        if self.values is not None and not set(value) <= set(self.values):
            raise self._fail(
                value, where, "a list drawn from: " + ", ".join(repr(a) for a in self.values)
            )
        return tuple(value)


class NameMap(Constraint):
    """A mapping of texts to texts (column → kind, column → strategy), stored read-only.

    Parameters
    ----------
    values : tuple of str, optional
        The values a key may map to; a wrong one is named with its key.
    """

    kind = "str_map"

    def __init__(self, *, values: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.values = values

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, Mapping):
            raise self._fail(value, where, "a mapping of column names to values")
        for key, item in value.items():
            if not isinstance(key, str) or not isinstance(item, str):
                raise self._fail(value, where, "a mapping of texts to texts")
            if self.values is not None and item not in self.values:
                raise RecipeError(
                    f"The recipe field {where!r} gives {key!r} the value {item!r}.",
                    "Allowed values are: " + ", ".join(repr(a) for a in self.values) + ".",
                    f"Change the value for {key!r}.",
                )
        return MappingProxyType(dict(value))


class NestedMap(Constraint):
    """Column → {old value: new value} mappings of texts, stored read-only at both levels."""

    kind = "nested_map"

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, Mapping)
            and all(isinstance(a, str) and isinstance(b, str) for a, b in v.items())
            for k, v in value.items()
        ):
            raise self._fail(
                value, where, "a mapping of column names to {old value: new value} mappings"
            )
        return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in value.items()})


class OrderMap(Constraint):
    """Column → ordered list of at least two distinct texts (e.g. ordinal levels)."""

    kind = "seq_map"

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, (list, tuple))
            and all(isinstance(item, str) for item in v)
            and len(set(v)) == len(v)
            and len(v) >= 2
            for k, v in value.items()
        ):
            raise self._fail(
                value, where, "a mapping of column names to lists of at least two distinct values"
            )
        return MappingProxyType({k: tuple(v) for k, v in value.items()})


class ParamMap(Constraint):
    """Parameter name → one JSON value (hyperparameters), stored read-only."""

    kind = "param_map"

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and _is_json_scalar(v) for k, v in value.items()
        ):
            raise self._fail(value, where, "a mapping of parameter names to single values")
        return MappingProxyType(dict(value))


class SpaceMap(Constraint):
    """Parameter name → searched range: ``{"low", "high"[, "log"]}`` or ``{"values": [...]}``.

    The shape is checked here; whether the names and ranges suit the algorithm is checked
    against the registry when a search runs.
    """

    kind = "space_map"
    _EXPECTED = (
        'a mapping of parameter names to ranges such as {"low": 0.01, "high": 100, '
        '"log": true} or {"values": [1, 2, 3]}'
    )

    def _check(self, value: Any, where: str) -> Any:
        if not isinstance(value, Mapping):
            raise self._fail(value, where, self._EXPECTED)
        for name, spec in value.items():
            if not isinstance(name, str) or not isinstance(spec, Mapping):
                raise self._fail(value, where, self._EXPECTED)
            if not self._is_range(spec):
                raise RecipeError(
                    f"The recipe field {where!r} gives {name!r} the range {thaw(spec)!r}.",
                    "A range is either low/high numbers (low ≤ high, optional log: true/false) "
                    "or a non-empty list of values.",
                    f"Fix the range for {name!r}.",
                )
        return MappingProxyType({k: _freeze_range(v) for k, v in value.items()})

    @staticmethod
    def _is_range(spec: Mapping[str, Any]) -> bool:
        keys = set(spec)
        if keys == {"values"}:
            values = spec["values"]
            return (
                isinstance(values, (list, tuple))
                and len(values) >= 1
                and all(_is_json_scalar(v) for v in values)
            )
        if {"low", "high"} <= keys <= {"low", "high", "log"}:
            low, high = spec["low"], spec["high"]
            return (
                all(
                    not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)
                    for v in (low, high)
                )
                and low <= high
                and isinstance(spec.get("log", False), bool)
            )
        return False
