"""Model files: a fitted pipeline and its model card in one ``.skops`` file — never a pickle.

People download their fitted pipeline and upload it again later (the Predict page,
``python -m core predict MODEL.skops FILE``). Loading a pickle or joblib file runs whatever code
it contains, so ModelPath writes and reads `skops <https://skops.readthedocs.io>`_ files only:
a zip archive holding JSON and numpy arrays, from which only allow-listed types are built.

One file holds one skops-serialised dict::

    {"format": MODEL_FILE_FORMAT, "version": MODEL_FILE_VERSION,
     "card": json.dumps(card), "versions": json.dumps(library_versions()),
     "pipeline": <the fitted pipeline>}

The card and the library versions are JSON *strings*, so they need no types beyond ``str``,
and the marker, the version and the library versions can be read from the archive's
``schema.json`` as plain JSON before anything is built.

:func:`load_model` refuses, each time with a message saying what happened, why and what to do:
files over the size limit; pickle and joblib files (by extension or by their first bytes,
without unpickling); anything that is not a readable ``.skops`` archive; skops files not made
by ModelPath, or made by a newer ModelPath; files holding types outside :data:`ALLOWED_TYPES`
(checked before anything is built); and files whose decision trees or neighbour trees point
outside themselves (scikit-learn does not bounds-check them, so a crafted file could crash the
process when predicting). A file made with another scikit-learn or imbalanced-learn version
loads with a notice. A file written before a type moved names its old module path; the
path is migrated as the schema is read (:mod:`core.deliver._type_name_migration`), so old
files load like new ones and the allow-list sees current names only.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import json
import math
import os
import platform
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from core.deliver._structure_checks import DamagedStructure, check_structures
from core.deliver._type_name_migration import read_schema, with_schema
from core.errors import ModelPathError

__all__ = [
    "ALLOWED_TYPES",
    "MODEL_FILE_FORMAT",
    "MODEL_FILE_VERSION",
    "LoadedModel",
    "ModelFileError",
    "dump_model",
    "library_versions",
    "load_model",
    "max_model_bytes",
    "untrusted_types",
]

MODEL_FILE_FORMAT = "modelpath-model"
MODEL_FILE_VERSION = 1

MAX_MODEL_MB_VARIABLE = "MODELPATH_MAX_MODEL_MB"
DEFAULT_MAX_MODEL_MB = 200.0
# Files are written deflated (about ten times smaller than stored); a file may unpack to at
# most this many times the size limit, so a small crafted archive cannot fill the memory.
UNPACKED_FACTOR = 10

# Every type that skops does not trust by default and that ModelPath's own pipelines contain,
# collected by fitting every algorithm of core.model.algorithms for every task and every cleaning
# and feature option of the recipe, and asking skops.io.get_untrusted_types. Nothing else is built
# from an uploaded file. tests/core/deliver/test_modelfile.py refits such pipelines and fails when
# this list misses a type, so it cannot silently go stale.
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "core.prepare.transformers.ColumnsPresent",
        "core.prepare.transformers.DateFeatures",
        "core.prepare.transformers.MissingShareDropper",
        "core.prepare.transformers.OutlierClipper",
        "core.prepare.transformers.OutlierRowFilter",
        "core.prepare.transformers.RareCategoryGrouper",
        "core.prepare.transformers.as_documents",
        "core.prepare.transformers.signed_expm1",
        "core.prepare.transformers.signed_log1p",
        "functools.partial",
        "imblearn.over_sampling._random_over_sampler.RandomOverSampler",
        "imblearn.over_sampling._smote.base.SMOTE",
        "imblearn.pipeline.Pipeline",
        "imblearn.under_sampling._prototype_selection._random_under_sampler.RandomUnderSampler",
        "numpy.dtype",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.feature_selection._mutual_info.mutual_info_classif",
        "sklearn.feature_selection._mutual_info.mutual_info_regression",
        "sklearn.feature_selection._univariate_selection.f_classif",
        "sklearn.feature_selection._univariate_selection.f_regression",
        "sklearn.impute._iterative.IterativeImputer",
        "sklearn.impute._iterative._ImputerTriplet",
        "sklearn.metrics._dist_metrics.EuclideanDistance64",
        "sklearn.model_selection._split.KFold",
        "sklearn.model_selection._split.StratifiedKFold",
        "sklearn.neighbors._kd_tree.KDTree",
        "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
        "sklearn.tree._tree.Tree",
    }
)

# Distribution name → import name of the libraries whose versions travel with a model.
_LIBRARIES = {
    "scikit-learn": "sklearn",
    "imbalanced-learn": "imblearn",
    "numpy": "numpy",
    "pandas": "pandas",
    "scipy": "scipy",
    "skops": "skops",
}
# Libraries whose fitted objects are stored in the file: another major.minor version may
# read them differently, so a difference earns a notice.
_CHECKED_LIBRARIES = ("scikit-learn", "imbalanced-learn")

PICKLE_SUFFIXES = frozenset({".pkl", ".pickle", ".joblib", ".sav", ".pt", ".pth"})
# joblib.dump(..., compress=...) and hand-compressed pickles add one of these.
_COMPRESSION_SUFFIXES = frozenset({".gz", ".bz2", ".xz", ".lzma", ".z", ".lz4", ".zip"})
# First bytes of compressed streams joblib writes (zlib, gzip, bz2, xz, lzma, lz4).
_COMPRESSED_HEADERS = (
    (b"\x78\x01", "zlib-compressed"),
    (b"\x78\x5e", "zlib-compressed"),
    (b"\x78\x9c", "zlib-compressed"),
    (b"\x78\xda", "zlib-compressed"),
    (b"ZF", "zlib-compressed (old joblib)"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh", "bz2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x5d\x00\x00", "lzma-compressed"),
    (b"\x04\x22\x4d\x18", "lz4-compressed"),
)
_SHOWN_TYPES = 10


class ModelFileError(ModelPathError):
    """A model file cannot be written or opened; the message says why and what to do."""


@dataclass(frozen=True)
class LoadedModel:
    """A model file's content, checked and built.

    Parameters
    ----------
    pipeline : object
        The fitted pipeline.
    card : mapping
        The JSON metadata given to :func:`dump_model` (equal to it).
    versions : mapping of str to str
        Library versions recorded when the file was written (see :func:`library_versions`).
    notices : tuple of str
        Things the person should know, e.g. that the file was made with another
        scikit-learn version.
    """

    pipeline: Any
    card: Mapping[str, Any]
    versions: Mapping[str, str]
    notices: tuple[str, ...] = ()


# --- versions and limits ---------------------------------------------------------------------


def library_versions() -> dict[str, str]:
    """The versions of Python and of the libraries a model file depends on.

    Returns
    -------
    dict of str to str
        Keys ``"python"``, ``"scikit-learn"``, ``"imbalanced-learn"``, ``"numpy"``,
        ``"pandas"``, ``"scipy"`` and ``"skops"``; ``"unknown"`` when a version cannot be read.

    Examples
    --------
    >>> sorted(library_versions())[:3]
    ['imbalanced-learn', 'numpy', 'pandas']
    """
    return dict(_installed_versions())


@functools.cache
def _installed_versions() -> tuple[tuple[str, str], ...]:
    # Reading package metadata takes milliseconds and cannot change while the process runs.
    versions = {"python": platform.python_version()}
    for distribution, module in _LIBRARIES.items():
        try:
            versions[distribution] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            # Installed without metadata (e.g. from a source tree): ask the module itself.
            try:
                versions[distribution] = str(__import__(module).__version__)
            except (ImportError, AttributeError):
                versions[distribution] = "unknown"
    return tuple(versions.items())


def max_model_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The largest model file ModelPath opens, in bytes.

    Read from the environment variable ``MODELPATH_MAX_MODEL_MB`` (megabytes of 1024 × 1024
    bytes, decimals allowed); 200 MB when it is unset or empty.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read; ``os.environ`` by default.

    Returns
    -------
    int

    Raises
    ------
    ModelFileError
        When the variable is not a positive number.

    Examples
    --------
    >>> max_model_bytes({"MODELPATH_MAX_MODEL_MB": "1.5"})
    1572864
    """
    environ = os.environ if environ is None else environ
    text = environ.get(MAX_MODEL_MB_VARIABLE, "").strip()
    if not text:
        return int(DEFAULT_MAX_MODEL_MB * 2**20)
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0 or megabytes * 2**20 < 1:
        raise ModelFileError(
            f"The setting {MAX_MODEL_MB_VARIABLE}={text!r} is not a size ModelPath can use.",
            "It sets the largest model file ModelPath opens, in megabytes, and must be a "
            "positive number.",
            f"Set {MAX_MODEL_MB_VARIABLE} to a number such as 200, or unset it to use the "
            f"default of {DEFAULT_MAX_MODEL_MB:g} MB.",
        )
    return int(megabytes * 2**20)


# --- writing ---------------------------------------------------------------------------------


def dump_model(pipeline: Any, card: Mapping[str, Any]) -> bytes:
    """Write a fitted pipeline and its model card as the bytes of a ``.skops`` file.

    Parameters
    ----------
    pipeline : object
        The fitted pipeline (anything built by ``core.prepare.pipeline.build_pipeline``).
    card : mapping
        JSON-able metadata (str, int, float, bool, None, lists and dicts with text keys)
        that :func:`load_model` returns unchanged.

    Returns
    -------
    bytes
        The file's content, a deflated skops zip archive.

    Raises
    ------
    TypeError
        When the card holds values JSON cannot carry unchanged (tuples, NaN, non-text keys,
        objects) — a programming error, since cards are built by ModelPath.
    ModelFileError
        When the pipeline holds something skops cannot store, or a type ModelPath would
        refuse to load back (not in :data:`ALLOWED_TYPES`).
    """
    card_text = _card_text(card)
    payload = {
        "format": MODEL_FILE_FORMAT,
        "version": MODEL_FILE_VERSION,
        "card": card_text,
        "versions": json.dumps(library_versions(), sort_keys=True),
        "pipeline": pipeline,
    }
    sio = _skops()
    from skops.io.exceptions import UnsupportedTypeException

    try:
        content = sio.dumps(payload, compression=zipfile.ZIP_DEFLATED)
    except (UnsupportedTypeException, TypeError) as exc:
        raise ModelFileError(
            "This model cannot be saved as a .skops file.",
            f"It holds something skops cannot store as data ({_summary(exc)}).",
            "Report this as a bug in ModelPath; use the exported script to rebuild the "
            "model meanwhile.",
        ) from exc
    # A file ModelPath would refuse to open again is useless: say so now, not at upload.
    unknown = sorted(set(sio.get_untrusted_types(data=content)) - ALLOWED_TYPES)
    if unknown:
        raise ModelFileError(
            f"This model holds types ModelPath does not load back: {_listing(unknown)}.",
            "ModelPath only builds allow-listed types from a model file, so this file could "
            "not be opened again.",
            "Report this as a bug in ModelPath (core.deliver.modelfile.ALLOWED_TYPES misses them).",
        )
    return content


def _card_text(card: Mapping[str, Any]) -> str:
    if not isinstance(card, Mapping):
        raise TypeError(f"The model card must be a mapping, got {type(card).__name__}.")
    try:
        text = json.dumps(dict(card), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"The model card must hold JSON values only (text, finite numbers, true/false, "
            f"null, lists, mappings with text keys): {exc}"
        ) from exc
    if json.loads(text) != card:
        raise TypeError(
            "The model card would not come back unchanged from JSON; use lists instead of "
            "tuples and text keys only."
        )
    return text


# --- reading ---------------------------------------------------------------------------------


def untrusted_types(content: bytes) -> list[str]:
    """The types in a ``.skops`` file that are not in :data:`ALLOWED_TYPES`.

    Nothing is built: skops reads the file's ``schema.json`` only. Types a file names by an
    old module path are reported under their current one, as :func:`load_model` sees them.

    Parameters
    ----------
    content : bytes
        The file's content.

    Returns
    -------
    list of str
        Fully qualified type names, sorted; empty when the file is safe to load.

    Raises
    ------
    ModelFileError
        When the content is not a readable ``.skops`` file, or unpacks to more than
        :func:`max_model_bytes` allows.
    """
    content, _ = _read_archive(content, None, max_model_bytes())
    return sorted(set(_reported_types(content, None)) - ALLOWED_TYPES)


def load_model(content: bytes, file_name: str, *, max_bytes: int | None = None) -> LoadedModel:
    """Open a model file written by :func:`dump_model`, refusing anything unsafe.

    The checks run in this order, each refusing with a message: size; pickle or joblib
    content (by name or first bytes, never unpickled); a readable ``.skops`` archive and its
    unpacked size; ModelPath's marker and file version (read as plain JSON); the types in the
    file against :data:`ALLOWED_TYPES` (before anything is built); then loading with exactly
    those types trusted, the card and versions, and the decision and neighbour trees' links.

    Parameters
    ----------
    content : bytes
        The file's content.
    file_name : str
        The file's name, for messages and for recognising pickle extensions.
    max_bytes : int, optional
        The largest accepted size; :func:`max_model_bytes` by default.

    Returns
    -------
    LoadedModel
        The pipeline, the card, the recorded library versions and notices (e.g. that the
        file was made with another scikit-learn version).

    Raises
    ------
    ModelFileError
        For every refused file; the message says what happened, why and what to do.
    """
    name = PurePath(str(file_name)).name or "model file"
    limit = max_model_bytes() if max_bytes is None else int(max_bytes)
    if len(content) > limit:
        raise ModelFileError(
            f"The model file {name!r} is {_size(len(content))}, more than the {_size(limit)} "
            "ModelPath opens.",
            "Larger files are refused before they are read, to keep the app responsive and "
            "its memory safe.",
            f"Use a smaller model (fewer trees or features), or raise the limit with the "
            f"{MAX_MODEL_MB_VARIABLE} setting if you trust this file.",
        )
    if not content:
        raise ModelFileError(
            f"The model file {name!r} is empty.",
            "An empty file usually means a download or an upload was interrupted.",
            "Download the model from ModelPath again and upload that file unchanged.",
        )
    pickle_reason = _pickle_reason(content, name)
    if pickle_reason:
        raise _pickle_error(name, pickle_reason)

    content, schema = _read_archive(content, name, limit)
    header = _header(schema)
    if header is None or header.get("format") != MODEL_FILE_FORMAT:
        raise ModelFileError(
            f"The file {name!r} is a .skops file, but it was not made by ModelPath.",
            "ModelPath's model files carry the model card (columns, their kinds, the recipe) "
            "needed to prepare new rows; a model saved with skops by other means has none.",
            "Train the model in ModelPath, download it from there, and upload that file.",
        )
    file_version = header.get("version")
    if isinstance(file_version, bool) or not isinstance(file_version, int) or file_version < 1:
        raise _unreadable(name, "Its ModelPath file version is missing or invalid.")
    if file_version > MODEL_FILE_VERSION:
        raise ModelFileError(
            f"The model file {name!r} was made by a newer ModelPath (model file version "
            f"{file_version}; this ModelPath reads up to version {MODEL_FILE_VERSION}).",
            "Newer versions may store things this version does not understand.",
            "Update ModelPath to open it, or export the model again from the ModelPath "
            "version you use here.",
        )
    differences = _version_differences(header.get("versions"))

    reported = _reported_types(content, name)
    unknown = sorted(set(reported) - ALLOWED_TYPES)
    if unknown:
        versions_note = (
            " It was made with " + _versions_phrase(differences) + ", and other versions can "
            "use internal types this ModelPath does not know."
            if differences
            else ""
        )
        raise ModelFileError(
            f"The model file {name!r} holds types ModelPath does not load: {_listing(unknown)}.",
            "Building an object of an unknown type can run code that comes with it, so "
            "ModelPath only loads the types its own pipelines use; nothing from this file "
            f"was loaded.{versions_note}",
            "Only upload model files exported by ModelPath."
            + (
                " If you made this one, install the versions it was made with, or retrain and "
                "export it again with this ModelPath."
                if differences
                else ""
            ),
        )

    try:
        loaded = _skops().loads(content, trusted=reported)
    except Exception as exc:  # any failure while building is reported, with its likely cause
        raise _load_failure(name, exc, differences) from exc
    pipeline, card, versions = _unpack(loaded, name)
    try:
        check_structures(pipeline)
    except DamagedStructure as exc:
        raise ModelFileError(
            f"The model file {name!r} holds a damaged {exc.what}: {exc}.",
            "Its links point outside itself, which could crash the app when predicting; "
            "files written by ModelPath never look like this, so the file was altered or "
            "damaged. Nothing from it is used.",
            "Download the model from ModelPath again, and only upload model files you "
            "exported yourself.",
        ) from None
    except Exception as exc:  # a structure too odd to even check is not used either
        raise _load_failure(name, exc, differences) from exc
    notices = tuple(_version_notice(*difference) for difference in _version_differences(versions))
    return LoadedModel(pipeline=pipeline, card=card, versions=versions, notices=notices)


# --- reading: pickle detection -----------------------------------------------------------------


def _pickle_reason(content: bytes, name: str) -> str | None:
    """Why the file is taken for a pickle or joblib file, or None. Reads bytes only."""
    suffixes = [suffix.lower() for suffix in PurePath(name).suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION_SUFFIXES:
        suffixes = suffixes[:-1]  # "model.joblib.gz" is still a joblib file
    if suffixes and suffixes[-1] in PICKLE_SUFFIXES:
        return f"its name ends in {suffixes[-1]}"
    if content[:1] == b"\x80":
        return "it starts with a pickle protocol marker"
    for header, kind in _COMPRESSED_HEADERS:
        if content.startswith(header):
            return f"it is {kind} like a compressed joblib file, not a .skops zip archive"
    return None


def _pickle_error(name: str, reason: str) -> ModelFileError:
    return ModelFileError(
        f"The file {name!r} looks like a pickle or joblib file ({reason}); ModelPath never "
        "opens those.",
        "Loading a pickle runs whatever code it contains, so a pickle from anyone but you "
        "could take over the computer ModelPath runs on. ModelPath only opens .skops files, "
        "which are read as data.",
        "Download the model from ModelPath again and upload that .skops file, or convert the "
        "model with skops.io.dump in an environment where you trust the pickle.",
    )


# --- reading: the archive ----------------------------------------------------------------------


def _read_archive(content: bytes, name: str | None, limit: int) -> tuple[bytes, dict[str, Any]]:
    """Open the zip, check its members and unpacked size, and read ``schema.json``.

    The one place a file's old type names become current ones
    (:mod:`core.deliver._type_name_migration`): the content returned holds the migrated
    schema, so the allow-list check and skops both read current names only.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable(name, "It is not a zip archive, as .skops files are.") from None
    with archive:
        members = archive.infolist()
        names = [member.filename for member in members]
        if "schema.json" not in names:
            if any(n.endswith((".pkl", ".pickle")) for n in names):
                # e.g. a PyTorch .pt file: a zip around a pickle.
                raise _pickle_error(name, "it is a zip archive around a pickle")
            raise _unreadable(name, "It is a zip archive without the schema.json of a .skops file.")
        unpacked = sum(member.file_size for member in members)
        if unpacked > limit * UNPACKED_FACTOR:
            raise ModelFileError(
                f"The model file {name!r} unpacks to {_size(unpacked)}, more than the "
                f"{_size(limit * UNPACKED_FACTOR)} ModelPath unpacks ({UNPACKED_FACTOR} times "
                "the file size limit).",
                "Archives that grow this much are refused before unpacking, so a small file "
                "cannot fill the memory.",
                f"Use a smaller model, or raise the limit with the {MAX_MODEL_MB_VARIABLE} "
                "setting if you trust this file.",
            )
        try:
            schema, renamed = read_schema(archive.read("schema.json"))
        except Exception:  # a corrupt member: bad CRC, bad compression, bad JSON…
            raise _unreadable(name, "Its schema.json cannot be read.") from None
    protocol = schema.get("protocol") if isinstance(schema, dict) else None
    if (
        not isinstance(schema, dict)
        or not isinstance(schema.get("__loader__"), str)
        or isinstance(protocol, bool)
        or not isinstance(protocol, int)
    ):
        raise _unreadable(name, "Its schema.json is not a skops schema.")
    from skops.io._protocol import PROTOCOL as SKOPS_PROTOCOL

    if protocol > SKOPS_PROTOCOL:
        raise ModelFileError(
            f"The model file {name!r} was written by a newer version of skops (format "
            f"{protocol}; this one reads up to {SKOPS_PROTOCOL}).",
            "skops is the library that stores models as data; newer formats are unknown to "
            "older versions.",
            "Update ModelPath (and skops) to open it, or export the model again from the "
            "ModelPath version you use here.",
        )
    if renamed:
        try:
            content = with_schema(content, schema)
        except Exception:  # a corrupt member: bad CRC, bad compression…
            raise _unreadable(name, "One of its members cannot be read.") from None
    return content, schema


def _header(schema: Mapping[str, Any]) -> dict[str, Any] | None:
    """The marker, file version and library versions, read from the schema as plain JSON.

    ``None`` when the file's top level is not a dict of plain values (so not ModelPath's).
    """
    if schema.get("__loader__") != "DictNode" or schema.get("__class__") != "dict":
        return None
    content = schema.get("content")
    if not isinstance(content, dict):
        return None
    header: dict[str, Any] = {}
    for key in ("format", "version", "versions"):
        node = content.get(key)
        if not isinstance(node, dict) or node.get("__loader__") != "JsonNode":
            continue
        try:
            value = json.loads(node["content"])
            if key == "versions":
                value = json.loads(value)
        except (KeyError, TypeError, ValueError):
            continue
        header[key] = value
    return header


def _skops() -> Any:
    """``skops.io``, imported when a model file is written or read.

    Importing it lists every scikit-learn estimator (about half a second), and every page and
    command imports this package: only the ones that handle a model file should pay for it.
    """
    import skops.io

    return skops.io


def _reported_types(content: bytes, name: str | None) -> list[str]:
    """Every type skops does not trust by default, read from the schema; nothing is built."""
    try:
        return sorted(_skops().get_untrusted_types(data=content))
    except Exception as exc:  # any parse failure means the file is not readable
        raise _unreadable(name, f"skops could not read it ({_summary(exc)}).") from exc


def _unreadable(name: str | None, detail: str) -> ModelFileError:
    subject = "This file" if name is None else f"The file {name!r}"
    return ModelFileError(
        f"{subject} isn't a readable .skops model file.",
        f"{detail} It may be corrupt or truncated, or not a model file at all.",
        "Download the model from ModelPath again and upload that file unchanged.",
    )


def _load_failure(
    name: str, exc: BaseException, differences: list[tuple[str, str, str]]
) -> ModelFileError:
    if differences:
        return ModelFileError(
            f"The model file {name!r} could not be loaded ({_summary(exc)}).",
            f"It was made with {_versions_phrase(differences)}; a model stored by one version "
            "often cannot be rebuilt by another, which is the likely reason.",
            "Install the versions it was made with to use it, or retrain the model in this "
            "ModelPath and export it again.",
        )
    return ModelFileError(
        f"The model file {name!r} could not be loaded ({_summary(exc)}).",
        "It may be corrupt or truncated.",
        "Download the model from ModelPath again and upload that file unchanged.",
    )


def _unpack(loaded: Any, name: str) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """Check the loaded dict (the authoritative check after the schema peek)."""
    expected = {"format", "version", "card", "versions", "pipeline"}
    if (
        not isinstance(loaded, dict)
        or not expected <= set(loaded)
        or loaded["format"] != MODEL_FILE_FORMAT
    ):
        raise ModelFileError(
            f"The file {name!r} is a .skops file, but it was not made by ModelPath.",
            "It lacks the model card ModelPath needs to prepare new rows.",
            "Train the model in ModelPath, download it from there, and upload that file.",
        )
    version = loaded["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version > MODEL_FILE_VERSION:
        raise _unreadable(name, "Its ModelPath file version is invalid.")
    try:
        card = json.loads(loaded["card"])
        versions = json.loads(loaded["versions"])
    except (TypeError, ValueError):
        raise _unreadable(name, "Its model card or library versions are not valid JSON.") from None
    if not isinstance(card, dict):
        raise _unreadable(name, "Its model card is not a mapping.")
    if not isinstance(versions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in versions.items()
    ):
        raise _unreadable(name, "Its library versions are not a mapping of names to versions.")
    return loaded["pipeline"], card, versions


# --- versions --------------------------------------------------------------------------------


def _major_minor(version: str) -> tuple[int, int] | None:
    match = re.match(r"(\d+)\.(\d+)", version)
    return (int(match[1]), int(match[2])) if match else None


def _version_differences(recorded: object) -> list[tuple[str, str, str]]:
    """(library, recorded version, installed version) where major.minor differ."""
    if not isinstance(recorded, Mapping):
        return []
    installed = library_versions()
    differences = []
    for library in _CHECKED_LIBRARIES:
        theirs, ours = recorded.get(library), installed.get(library)
        if not isinstance(theirs, str) or ours is None:
            continue
        if _major_minor(theirs) != _major_minor(ours):
            differences.append((library, theirs, ours))
    return differences


def _versions_phrase(differences: Iterable[tuple[str, str, str]]) -> str:
    return " and ".join(
        f"{library} {theirs} (you run {ours})" for library, theirs, ours in differences
    )


def _version_notice(library: str, theirs: str, ours: str) -> str:
    return (
        f"This model was made with {library} {theirs}; you run {ours}. It loaded, but another "
        "version may compute predictions differently or fail on some rows. To be sure, "
        f"retrain and export it with this ModelPath, or install {library}=={theirs}."
    )


# --- messages ----------------------------------------------------------------------------------


def _size(n_bytes: int) -> str:
    if n_bytes < 1024:
        return f"{n_bytes} bytes"
    if n_bytes < 2**20:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes / 2**20:.1f} MB"


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN_TYPES])
    more = len(names) - _SHOWN_TYPES
    return f"{shown} and {more} more" if more > 0 else shown


def _summary(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = text if len(text) <= 200 else text[:197] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
