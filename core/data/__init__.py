"""Data: reading a table from bytes, the kind of each column, the samples, and checking
that a second table fits the first.
"""

from core.data.columns import (
    ColumnInfo,
    ColumnKind,
    KindConversion,
    apply_column_kinds,
    convert_column,
    convert_target,
    infer_column,
    infer_column_kinds,
    parse_numbers,
    values_are_codes,
)
from core.data.dataset import (
    PreparedTable,
    prepare_table,
    read_options,
)
from core.data.intake import (
    LoadedTable,
    LoadReport,
    content_fingerprint,
    list_sheets,
    load_table,
)
from core.data.read_settings import (
    DEFAULT_NA_TOKENS,
    SUPPORTED_EXTENSIONS,
    LoadLimits,
    ReadOptions,
)
from core.data.samples import (
    SAMPLES,
    SampleDataset,
    list_samples,
    load_sample,
    make_churn_dataset,
    sample_csv_bytes,
    sample_file_name,
)
from core.data.schema import (
    SchemaCheck,
    SchemaError,
    append_rows,
    check_schema,
)

__all__ = [
    "DEFAULT_NA_TOKENS",
    "SAMPLES",
    "SUPPORTED_EXTENSIONS",
    "ColumnInfo",
    "ColumnKind",
    "KindConversion",
    "LoadLimits",
    "LoadReport",
    "LoadedTable",
    "PreparedTable",
    "ReadOptions",
    "SampleDataset",
    "SchemaCheck",
    "SchemaError",
    "append_rows",
    "apply_column_kinds",
    "check_schema",
    "content_fingerprint",
    "convert_column",
    "convert_target",
    "infer_column",
    "infer_column_kinds",
    "list_samples",
    "list_sheets",
    "load_sample",
    "load_table",
    "make_churn_dataset",
    "parse_numbers",
    "prepare_table",
    "read_options",
    "sample_csv_bytes",
    "sample_file_name",
    "values_are_codes",
]
