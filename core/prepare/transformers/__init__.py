"""Custom scikit-learn steps for ModelPath's leak-proof preprocessing pipeline.

This package owns the pipeline steps scikit-learn does not ship, one module per kind of step:
dropping mostly-missing columns (:mod:`~core.prepare.transformers.missing_share`), clipping
outliers and dropping outlier rows while fitting (:mod:`~core.prepare.transformers.outliers`),
grouping rare categories (:mod:`~core.prepare.transformers.rare_categories`), expanding dates
into numbers (:mod:`~core.prepare.transformers.dates`); plus the small functions the pipeline
plugs into ``FunctionTransformer`` (:mod:`~core.prepare.transformers.function_steps`) and the
column selector for ``ColumnTransformer`` (:mod:`~core.prepare.transformers.column_selection`).

Every statistic (missing shares, clipping bounds, frequent categories, date references) is
learned in ``fit`` only. Inside a pipeline that is fitted on training folds, validation and
test rows therefore never influence what a step does to them — which is the point of
building preprocessing as pipeline steps instead of editing the table up front.

The transformers follow the scikit-learn estimator contract and pass its common checks
(``sklearn.utils.estimator_checks``); :class:`OutlierRowFilter` is an imbalanced-learn style
sampler for ``imblearn.pipeline.Pipeline`` but does not import imbalanced-learn.

Every public class and function reports this package as its module, whichever file defines
it, so model files name ``core.prepare.transformers.DateFeatures`` whatever the internal layout
(see :mod:`~core.prepare.transformers._public_module`).
"""

from core.prepare.transformers._public_module import set_module
from core.prepare.transformers.column_selection import ColumnsPresent
from core.prepare.transformers.dates import DATE_PARTS, DateFeatures
from core.prepare.transformers.function_steps import as_documents, signed_expm1, signed_log1p
from core.prepare.transformers.missing_share import MissingShareDropper
from core.prepare.transformers.outliers import OutlierClipper, OutlierRowFilter
from core.prepare.transformers.rare_categories import RareCategoryGrouper

__all__ = [
    "DATE_PARTS",
    "ColumnsPresent",
    "DateFeatures",
    "MissingShareDropper",
    "OutlierClipper",
    "OutlierRowFilter",
    "RareCategoryGrouper",
    "as_documents",
    "signed_expm1",
    "signed_log1p",
]

for _public in (
    ColumnsPresent,
    DateFeatures,
    MissingShareDropper,
    OutlierClipper,
    OutlierRowFilter,
    RareCategoryGrouper,
    as_documents,
    signed_expm1,
    signed_log1p,
):
    set_module(_public, __name__)
del _public
