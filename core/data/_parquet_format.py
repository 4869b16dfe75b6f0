"""Reading Parquet files with pyarrow.

The size limits are checked from the file's metadata before any data is loaded; a named row
index is kept as a column, and list or dict cells become JSON text.
"""

from __future__ import annotations

import io

import pandas as pd

from core.data._format_detection import _MAGIC_PARQUET
from core.data._table_cleanup import _check_limits, _containers_to_json, _Part, _sentence
from core.data.read_settings import LoadLimits
from core.errors import DataLoadError


def _read_parquet(content: bytes, name: str, limits: LoadLimits) -> _Part:
    import pyarrow.parquet as pq

    if len(content) < 12 or not content.startswith(_MAGIC_PARQUET) or content[-4:] != b"PAR1":
        raise _corrupt_parquet(name, "It doesn't start and end with the Parquet signature 'PAR1'.")
    try:
        parquet = pq.ParquetFile(io.BytesIO(content))
        n_rows, n_columns = parquet.metadata.num_rows, len(parquet.schema_arrow.names)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for damaged files
        raise _corrupt_parquet(name, f"Its metadata couldn't be read: {_sentence(exc)}") from None
    # Check the limits from the metadata before loading any data.
    _check_limits(name, limits, n_rows, n_columns, approximate=False)
    try:
        frame = pd.read_parquet(io.BytesIO(content), engine="pyarrow")
    except Exception as exc:
        raise _corrupt_parquet(name, f"Its data couldn't be read: {_sentence(exc)}") from None
    notes: list[str] = []
    if not _is_default_index(frame.index):
        labels = ", ".join(str(level) for level in frame.index.names if level is not None)
        frame = frame.reset_index()
        notes.append(
            "The file's row index was kept as "
            + (f"column(s) {labels}." if labels else "a column named 'index'.")
        )
    frame = _containers_to_json(frame).infer_objects()
    return _Part(frame=frame, notes=notes)


def _is_default_index(index: pd.Index) -> bool:
    return (
        isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
        and index.name is None
    )


def _corrupt_parquet(name: str, why: str) -> DataLoadError:
    return DataLoadError(
        f"'{name}' isn't a readable Parquet file.",
        f"{why} The file may be corrupt or truncated.",
        "Export the table again (or as CSV) and upload the new file.",
    )
