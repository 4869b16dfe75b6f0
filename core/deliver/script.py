"""Render a recipe as a standalone Python script that reproduces the work with scikit-learn alone.

The script needs pandas, scikit-learn and imbalanced-learn — never ModelPath. It reads the data
file as ModelPath read it, gives every column the kind ModelPath gave it, applies the same
pre-split cleaning, splits the same rows off for testing, builds the same pipeline, cuts the same
folds, and prints the same cross-validation and test scores beside the baseline's; then it
saves the fitted model.

The script's fixed parts live in ``templates/train_model.py``, real Python that ruff checks;
this module fills its settings, regions and fields (the scheme is described at the top of that
file). "The same pipeline" is guaranteed rather than re-described: the script's pipeline code is
rendered from the very estimator object ModelPath builds (:func:`core.model.model_pipeline`)
by :mod:`core.deliver.estimator_code`, and ModelPath's own custom steps and reading helpers are
copied into the script from their source, with what they depend on
(:mod:`core.deliver._source_bundle`). A test runs generated scripts in a subprocess and compares
their numbers with ModelPath's.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core.data import ColumnKind, LoadReport, PreparedTable
from core.deliver._source_bundle import COPIED_FROM, ScriptError, SourceBundle
from core.deliver.estimator_code import _Writer
from core.model import model_pipeline, model_spec, resolve_scheme, scoring_for
from core.prepare import TrainingData, resolve_strategy
from core.recipe import DataSection, Recipe
from core.understand import METRICS

__all__ = [
    "SCRIPT_FILE_NAME",
    "ScriptError",
    "ScriptSource",
    "render_script",
    "script_data_file",
]

#: The name the Deliver page and ``train --out`` give the script.
SCRIPT_FILE_NAME = "train_model.py"

# Helpers copied into the script from ModelPath's own source, so they cannot drift apart. Named
# by package: the bundler finds the module that defines each, wherever a split put it.
_READING_HELPERS = {
    "core.data": (
        "_apply_na_tokens",
        "_coerce_text_numbers",
        "_containers_to_json",
        "convert_column",
        "convert_target",
    ),
    "core.prepare": ("normalise_text",),
}

# The template of the script: Python that ruff checks, with the places the renderer fills.
_TEMPLATE_PATH = Path(__file__).parent / "templates" / SCRIPT_FILE_NAME


@dataclass(frozen=True)
class ScriptSource:
    """How the data file was read, so the script reads it the same way.

    Parameters
    ----------
    file_name : str
        The default data file of the script (``python train_model.py [DATA_FILE]``).
    file_format : {"csv", "excel", "parquet", "json"}
    columns : tuple of str
        Column names as ModelPath read them (blank and duplicate headers already renamed).
    encoding, delimiter, decimal, sheet : str or None
        What ModelPath detected or was told (``delimiter=None``: a single column).
    skip_bad_lines : bool
        Whether lines with too many fields were skipped.
    na_tokens : tuple of str
        Cell values read as missing.
    """

    file_name: str
    file_format: str
    columns: tuple[str, ...]
    encoding: str | None = "utf-8"
    delimiter: str | None = ","
    decimal: str | None = "."
    sheet: str | None = None
    skip_bad_lines: bool = False
    na_tokens: tuple[str, ...] = ()

    @classmethod
    def from_report(
        cls, report: LoadReport, columns: Iterable[str], *, file_name: str | None = None
    ) -> ScriptSource:
        """The source as :func:`core.data.intake.load_table` reported reading it.

        Parameters
        ----------
        report : LoadReport
        columns : iterable of str
            The loaded frame's column names.
        file_name : str, optional
            Overrides the report's file name (e.g. a data file saved under another name).
        """
        return cls(
            file_name=file_name or report.file_name,
            file_format=report.file_format,
            columns=tuple(str(c) for c in columns),
            encoding=report.encoding,
            delimiter=report.delimiter,
            decimal=report.decimal,
            sheet=report.sheet,
            skip_bad_lines=bool(report.skipped_lines),
            na_tokens=tuple(report.na_tokens),
        )


def script_data_file(
    frame: pd.DataFrame, file_name: str, data: DataSection
) -> tuple[bytes, ScriptSource]:
    """A table as a CSV data file for the script, and how the script must read it.

    Used when the table is not one file (rows were appended from other files): the script then
    reads this CSV, written from the table as ModelPath read it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as loaded (before kinds are applied).
    file_name : str
        The name to give the file.
    data : DataSection
        The recipe's data section (its missing-value words).

    Returns
    -------
    content : bytes
        UTF-8 CSV.
    source : ScriptSource
    """
    content = frame.to_csv(index=False).encode("utf-8")
    # Missing cells are written empty, so the empty cell must read as missing.
    tokens = ("", *(token for token in data.na_tokens if token != ""))
    source = ScriptSource(
        file_name=file_name,
        file_format="csv",
        columns=tuple(str(c) for c in frame.columns),
        na_tokens=tokens,
    )
    return content, source


# --------------------------------------------------------------------------------------------
# The script
# --------------------------------------------------------------------------------------------


def render_script(
    recipe: Recipe,
    source: ScriptSource,
    table: PreparedTable,
    data: TrainingData,
    *,
    now: datetime | None = None,
) -> str:
    """Render the standalone script that reproduces ``recipe`` on the data file.

    Parameters
    ----------
    recipe : Recipe
        Needs a target, a task and an algorithm.
    source : ScriptSource
        How the data file was read.
    table : PreparedTable
        The table as prepared for ``recipe`` (its column kinds are written into the script, so
        the script converts exactly as ModelPath did).
    data : TrainingData
        The split data (feature columns, the training target for the positive class).
    now : datetime, optional
        The time stamped in the header (for tests).

    Returns
    -------
    str
        Python source; ``python train_model.py [DATA_FILE] [--json RESULTS] [--model PATH]``.

    Raises
    ------
    ScriptError
        When no algorithm is chosen, or a setting cannot be written as code.
    """
    problem = recipe.problem
    algorithm = recipe.model.algorithm
    if algorithm is None or problem.target is None or problem.task is None:
        raise ScriptError(
            "The script needs a target and an algorithm, and one of them is not chosen.",
            "It reproduces a whole recipe, from reading the file to the trained model.",
            "Choose the target on the Problem page and an algorithm on the Algorithm page.",
        )
    if source.file_format not in ("csv", "excel", "parquet", "json"):
        raise ScriptError(
            f"The script cannot read {source.file_format!r} files.",
            "It reads CSV, Excel, Parquet and JSON files.",
            "Download the data as CSV from the Deliver page and use that file.",
        )
    bundle = SourceBundle()
    writer = _Writer(bundle)
    pipeline = model_pipeline(data, recipe, algorithm, recipe.model.params)
    baseline = model_pipeline(data, recipe, "baseline", {})
    pipeline_code = writer.estimator(pipeline, 4)
    # The baseline is the same pipeline ending in a dummy model: the steps that change which
    # rows are learned from (outlier rows, resampling) are the only ones a dummy notices.
    baseline_code = f"build_pipeline().set_params(model={writer.estimator(baseline[-1], 4)})"
    for where, names in _READING_HELPERS.items():
        bundle.add(where, names)
    for name in ("train_test_split", "GroupShuffleSplit", "cross_validate"):
        writer.name_of(getattr(importlib.import_module("sklearn.model_selection"), name))
    scoring = scoring_for(recipe, data.y_train)
    scorer_code = _scorer_code(writer, scoring.metric.key, scoring.positive_class)
    folds_code = _folds_code(writer, recipe, data)
    split_code = _split_code(recipe, data)
    spec = model_spec(algorithm)
    now = now or datetime.now(UTC)
    kinds = {info.name: info.kind.value for info in table.columns}
    date_formats = {
        info.name: info.date_format
        for info in table.columns
        if info.kind is ColumnKind.DATETIME and info.date_format
    }
    target = problem.target
    frame_columns = [info.name for info in table.columns]
    text_columns = [
        info.name
        for info in table.columns
        if info.kind in (ColumnKind.CATEGORICAL, ColumnKind.TEXT) and info.name != target
    ]
    merges = {
        column: dict(mapping)
        for column, mapping in recipe.cleaning.category_merges.items()
        if column in text_columns
    }
    versions = _versions()
    fields = {
        "title": _docstring_safe(
            f"Reproduce the ModelPath model: {spec.label} predicting {target!r}."
        ),
        "stamp": now.strftime("%Y-%m-%d %H:%M UTC"),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "script_name": SCRIPT_FILE_NAME,
        "metric_label": repr(scoring.metric.label),
    }
    settings = {
        "DATA_FILE": repr(source.file_name),
        "TARGET": repr(target),
        "TASK": repr(problem.task),
        "SEED": repr(recipe.split.seed),
        "FILE_FORMAT": repr(source.file_format),
        "ENCODING": repr(source.encoding or "utf-8"),
        "DELIMITER": repr(source.delimiter if source.delimiter is not None else "\x1f"),
        "DECIMAL": repr(source.decimal or "."),
        "SHEET": repr(source.sheet if source.sheet is not None else 0),
        "BAD_LINES": repr("skip" if source.skip_bad_lines else "error"),
        "NA_TOKENS": _literal(list(source.na_tokens)),
        "FILE_COLUMNS": _literal(list(source.columns)),
        "DROPPED_COLUMNS": _literal([c for c in recipe.data.drop_columns if c in source.columns]),
        "COLUMN_KINDS": _literal(kinds),
        "DATE_FORMATS": _literal(date_formats),
        "COLUMNS": _literal(frame_columns),
        "TEXT_NORMALISATION": repr(recipe.cleaning.text_normalisation),
        "TEXT_COLUMNS": _literal(text_columns),
        "CATEGORY_MERGES": _literal(merges),
        "DROP_DUPLICATES": repr(recipe.cleaning.drop_duplicates),
        "FEATURES": _literal(list(data.columns.used)),
        "METRIC": repr(scoring.metric.key),
        "METRIC_LABEL": repr(scoring.metric.label),
        "NATURAL_SIGN": "1.0" if scoring.metric.greater_is_better else "-1.0",
        "EXTRA_METRICS": _extra_metrics(writer, problem.task),
    }
    copied = bundle.source(COPIED_FROM)
    plain = bundle.plain_imports | {
        "import argparse",
        "import io",
        "import json",
        "import sys",
        "import warnings",
        "import numpy as np",
        "import pandas as pd",
    }
    from_lines = set(writer.import_lines() + bundle.from_imports()) | {"from pathlib import Path"}
    regions = {
        "template-notes": "",
        "imports": "\n".join(sorted(plain) + sorted(from_lines, key=_import_order)),
        "copied": copied,
        "split": split_code,
        "folds": folds_code,
        "pipeline": f"    return {pipeline_code}",
        "baseline": f"    return {baseline_code}",
        "scorer": f"    return {scorer_code}",
        # MAPE reads as a percentage, as ModelPath shows it; the JSON output keeps the fraction.
        "shown": '    return f"{100 * score:.2f} %"'
        if scoring.metric.percent
        else '    return f"{score:.4f}"',
    }
    return _fill_template(_template(), settings=settings, regions=regions, fields=fields)


# --------------------------------------------------------------------------------------------
# Filling the template
# --------------------------------------------------------------------------------------------

# A region: whole lines from "# <modelpath:NAME>" to "# </modelpath:NAME>" (see the template).
_REGION = re.compile(
    r"^[ \t]*# <modelpath:(?P<name>[\w-]+)>\n.*?^[ \t]*# </modelpath:(?P=name)>\n",
    re.MULTILINE | re.DOTALL,
)
# A field: "{{NAME}}" inside a string of the template.
_FIELD = re.compile(r"\{\{(?P<name>\w+)\}\}")

# The places the renderer fills; each is in the template exactly once.
_TEMPLATE_SETTINGS = (
    "DATA_FILE",
    "TARGET",
    "TASK",
    "SEED",
    "FILE_FORMAT",
    "ENCODING",
    "DELIMITER",
    "DECIMAL",
    "SHEET",
    "BAD_LINES",
    "NA_TOKENS",
    "FILE_COLUMNS",
    "DROPPED_COLUMNS",
    "COLUMN_KINDS",
    "DATE_FORMATS",
    "COLUMNS",
    "TEXT_NORMALISATION",
    "TEXT_COLUMNS",
    "CATEGORY_MERGES",
    "DROP_DUPLICATES",
    "FEATURES",
    "METRIC",
    "METRIC_LABEL",
    "NATURAL_SIGN",
    "EXTRA_METRICS",
)
_TEMPLATE_REGIONS = (
    "template-notes",
    "imports",
    "copied",
    "split",
    "folds",
    "pipeline",
    "baseline",
    "scorer",
    "shown",
)
_TEMPLATE_FIELDS = ("title", "stamp", "versions", "script_name", "metric_label")


@functools.cache
def _template() -> str:
    return _TEMPLATE_PATH.read_text(encoding="utf-8")


def _template_places(template: str) -> dict[str, list[tuple[str, int, int]]]:
    """Where the template's settings, regions and fields are, as character spans.

    Parameters
    ----------
    template : str
        Python source with the markers described at the top of ``templates/train_model.py``.

    Returns
    -------
    dict
        ``{"settings": [...], "regions": [...], "fields": [...]}``, each a list of
        ``(name, start, end)``; what lies inside a region (its sample lines) is not searched.
    """
    regions = [(m["name"], m.start(), m.end()) for m in _REGION.finditer(template)]

    def outside(position: int) -> bool:
        return not any(start <= position < end for _, start, end in regions)

    fields = [(m["name"], m.start(), m.end()) for m in _FIELD.finditer(template)]
    line_starts = [0]
    for line in template.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    lines = template.splitlines(keepends=True)

    def offset(lineno: int, col: int) -> int:
        # ast columns count UTF-8 bytes; the spans count characters.
        line = lines[lineno - 1]
        return line_starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))

    settings = []
    for node in ast.parse(template).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            start = offset(node.value.lineno, node.value.col_offset)
            end = offset(node.value.end_lineno, node.value.end_col_offset)
            settings.append((node.targets[0].id, start, end))
    return {
        "settings": [s for s in settings if outside(s[1])],
        "regions": regions,
        "fields": [f for f in fields if outside(f[1])],
    }


def _fill_template(
    template: str,
    *,
    settings: Mapping[str, str],
    regions: Mapping[str, str],
    fields: Mapping[str, str],
) -> str:
    """The template with every setting's value, region and field replaced.

    Parameters
    ----------
    template : str
    settings : mapping of str to str
        Module-level name → Python source of its value.
    regions : mapping of str to str
        Region name → the lines that replace it, markers included (empty: dropped).
    fields : mapping of str to str
        Field name → the text that replaces ``{{name}}``.

    Returns
    -------
    str

    Raises
    ------
    ScriptError
        When a place to fill is missing from the template or there more than once.
    """
    places = _template_places(template)
    wanted = {"settings": settings, "regions": regions, "fields": fields}
    spans = []
    for kind, values in wanted.items():
        found = [name for name, _, _ in places[kind] if name in values]
        for name in values:
            if found.count(name) != 1:
                raise _template_bug(f"{found.count(name)} places for {kind} {name!r}")
        for name, start, end in places[kind]:
            if name not in values:
                if kind != "settings":  # other module-level assignments are the template's own
                    raise _template_bug(f"{kind} {name!r}, which the renderer does not fill")
                continue
            text = values[name]
            if kind == "regions" and text:
                text += "\n"
            spans.append((start, end, text))
    # Filled in one pass over the template, so no value (column names are untrusted) is read
    # again as a marker.
    out, position = [], 0
    for start, end, text in sorted(spans):
        out.append(template[position:start])
        out.append(text)
        position = end
    out.append(template[position:])
    return "".join(out)


def _template_bug(what: str) -> ScriptError:
    return ScriptError(
        f"The script template has {what}.",
        "The renderer fills each setting, region and field of the template exactly once.",
        "Report this as a ModelPath bug; meanwhile the .skops model file has the model.",
    )


def _docstring_safe(text: str) -> str:
    """Text that cannot end or escape the script's docstring (column names are untrusted)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _import_order(line: str) -> tuple[int, str]:
    # The standard library first, then the scientific stack, like isort would.
    module = line.split()[1]
    third_party = module.split(".")[0] in ("numpy", "pandas", "sklearn", "imblearn", "scipy")
    return (1 if third_party else 0, line)


def _literal(value: Any) -> str:
    """A JSON-safe value as Python source, wrapped for reading."""
    text = repr(value)
    if len(text) <= 80:
        return text
    if isinstance(value, list):
        lines, line = [], ""
        for item in value:
            piece = f"{item!r}, "
            if line and len(line) + len(piece) > 92:
                lines.append(line.rstrip())
                line = ""
            line += piece
        lines.append(line.rstrip())
        return "[\n" + "".join(f"    {chunk}\n" for chunk in lines if chunk) + "]"
    if isinstance(value, dict):
        return "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in value.items()) + "}"
    return text


def _versions() -> dict[str, str]:
    import imblearn
    import pandas
    import sklearn

    return {
        "pandas": pandas.__version__,
        "scikit-learn": sklearn.__version__,
        "imbalanced-learn": imblearn.__version__,
        "numpy": np.__version__,
    }


def _scorer_code(writer: _Writer, key: str, positive: object) -> str:
    metric = METRICS[key]
    if key in ("f1", "precision", "recall"):
        function = writer.name_of(
            getattr(importlib.import_module("sklearn.metrics"), f"{key}_score")
        )
        make = writer.name_of(importlib.import_module("sklearn.metrics").make_scorer)
        return f"{make}({function}, pos_label={_plain_label(positive)}, zero_division=0)"
    if key == "average_precision":
        metrics = importlib.import_module("sklearn.metrics")
        make = writer.name_of(metrics.make_scorer)
        function = writer.name_of(metrics.average_precision_score)
        return (
            f"{make}(\n        {function},\n"
            '        response_method=("decision_function", "predict_proba"),\n'
            f"        pos_label={_plain_label(positive)},\n    )"
        )
    get_scorer = writer.name_of(importlib.import_module("sklearn.metrics").get_scorer)
    return f"{get_scorer}({metric.scorer!r})"


def _plain_label(label: object) -> str:
    if isinstance(label, np.generic):
        label = label.item()
    return repr(label)


def _extra_metrics(writer: _Writer, task: str) -> str:
    metrics = importlib.import_module("sklearn.metrics")
    if task == "regression":
        names = {
            "MAE": "mean_absolute_error",
            "RMSE": "root_mean_squared_error",
            "R²": "r2_score",
        }
    else:
        names = {"Accuracy": "accuracy_score", "Balanced accuracy": "balanced_accuracy_score"}
    entries = [
        f"({label!r}, {writer.name_of(getattr(metrics, fn))})" for label, fn in names.items()
    ]
    return "[" + ", ".join(entries) + "]"


def _split_code(recipe: Recipe, data: TrainingData) -> str:
    split = recipe.split
    strategy = resolve_strategy(split, recipe.problem.task)
    if strategy in ("random", "stratified"):
        stratify = 'frame[TARGET].astype("str")' if strategy == "stratified" else "None"
        why = (
            "Stratified: the test rows keep the class shares of the whole table."
            if strategy == "stratified"
            else "Random: rows are shuffled, then a share is held out."
        )
        return (
            f"    # {why}\n"
            "    train_index, test_index = train_test_split(\n"
            f"        frame.index,\n        test_size={split.test_size!r},\n"
            f"        random_state={split.seed!r},\n        shuffle=True,\n"
            f"        stratify={stratify},\n    )\n"
            "    return pd.Index(train_index), pd.Index(test_index)"
        )
    if strategy == "time":
        return (
            "    # Time order: the latest rows are held out, so the model never trains on the\n"
            "    # future. Every row from the cutoff time on is held out, so no training row\n"
            "    # shares a test time.\n"
            f"    column = frame[{split.time_column!r}]\n"
            f"    n_test = int(np.ceil(len(frame) * {split.test_size!r}))\n"
            '    order = column.sort_values(kind="stable").index\n'
            "    cutoff = column.loc[order[-n_test]]\n"
            "    later = (column.loc[order] >= cutoff).to_numpy()\n"
            "    return order[~later], order[later]"
        )
    return (
        "    # Groups: all rows of one group go to the same side, so the test rows are groups\n"
        "    # the model has never seen.\n"
        f'    groups = frame[{split.group_column!r}].astype("str")\n'
        f"    splitter = GroupShuffleSplit(n_splits=1, test_size={split.test_size!r}, "
        f"random_state={split.seed!r})\n"
        "    train_pos, test_pos = next(splitter.split(frame, groups=groups))\n"
        "    return frame.index[train_pos], frame.index[test_pos]"
    )


def _folds_code(writer: _Writer, recipe: Recipe, data: TrainingData) -> str:
    validation = recipe.validation
    scheme = resolve_scheme(recipe)
    model_selection = importlib.import_module("sklearn.model_selection")
    if scheme == "time_series":
        splitter = writer.name_of(model_selection.TimeSeriesSplit)
        return (
            "    # Time-series folds: each fold trains on earlier rows and validates on the next\n"
            "    # block; rows sharing the boundary's time go to training.\n"
            f"    times = frame.loc[train_index, {recipe.split.time_column!r}].to_numpy()\n"
            '    order = np.argsort(times, kind="stable")\n'
            "    folds = []\n"
            f"    for train, test in {splitter}({validation.folds}).split(order):\n"
            "        train, test = order[train], order[test]\n"
            "        tied = times[test] <= times[train].max()\n"
            "        train, test = np.concatenate([train, test[tied]]), test[~tied]\n"
            "        if len(test):\n"
            "            folds.append((train, test))\n"
            "    return folds"
        )
    shuffle = validation.shuffle
    if scheme == "kfold":
        cls = model_selection.KFold
    elif scheme == "stratified_kfold":
        cls = model_selection.StratifiedKFold
    elif data.task in ("binary", "multiclass"):
        cls = model_selection.StratifiedGroupKFold
    else:
        cls = model_selection.GroupKFold
    name = writer.name_of(cls)
    groups = (
        f'frame.loc[train_index, {recipe.split.group_column!r}].astype("str").to_numpy()'
        if scheme == "group_kfold"
        else "None"
    )
    seed = f"({recipe.split.seed!r} + repeat) % 2**32" if shuffle else "None"
    repeated = f", repeated {validation.repeats} times" if validation.repeats > 1 else ""
    return (
        f"    # {validation.folds} folds{repeated} cut from the training rows only.\n"
        '    labels = y_train.astype("str").to_numpy()\n'
        f"    groups = {groups}\n"
        "    positions = np.arange(len(y_train))\n"
        "    folds = []\n"
        f"    for repeat in range({validation.repeats}):\n"
        f"        splitter = {name}({validation.folds}, shuffle={shuffle!r}, random_state={seed})\n"
        "        folds.extend(splitter.split(positions, labels, groups))\n"
        "    return folds"
    )
