"""Understand: the problem a target makes, the profile of a table, the findings a careful
ML engineer would spot (leaks included), and exploration's frames and charts.
"""

from core.understand.explore_charts import (
    MAX_CATEGORIES,
    MAX_POINTS,
    ChartResult,
    association_heatmap,
    column_profile,
    correlation_heatmap,
    missing_pattern_chart,
    missingness_chart,
    outlier_chart,
)
from core.understand.explore_summaries import (
    MAX_ASSOCIATION_LEVELS,
    MAX_HEATMAP_COLUMNS,
    Overview,
    categorical_association_frame,
    column_summary_frame,
    correlation_frame,
    missing_frame,
    outlier_frame,
    overview,
)
from core.understand.findings import (
    LEAKAGE_CODES,
    Finding,
    Severity,
    find_issues,
    leakage_columns,
    leakage_reasons,
    spelling_variants,
    suggested_exclusions,
)
from core.understand.leakage import (
    CombinationLeak,
    find_combination_leak,
)
from core.understand.pair_plot import (
    MAX_PAIRPLOT_COLUMNS,
    MAX_PAIRPLOT_ROWS,
    pairplot_png,
)
from core.understand.problem import (
    METRICS,
    ClassBalance,
    Metric,
    MetricAdvice,
    TaskInference,
    baseline_score,
    check_task,
    class_balance,
    default_positive_class,
    format_change,
    format_score,
    infer_task,
    metrics_for_task,
    recommend_metric,
)
from core.understand.profile import (
    DatasetProfile,
    profile_table,
)
from core.understand.single_column_leaks import (
    presence_leaks,
    single_column_scores,
)
from core.understand.target_charts import (
    feature_vs_target,
    target_distribution,
)

__all__ = [
    "LEAKAGE_CODES",
    "MAX_ASSOCIATION_LEVELS",
    "MAX_CATEGORIES",
    "MAX_HEATMAP_COLUMNS",
    "MAX_PAIRPLOT_COLUMNS",
    "MAX_PAIRPLOT_ROWS",
    "MAX_POINTS",
    "METRICS",
    "ChartResult",
    "ClassBalance",
    "CombinationLeak",
    "DatasetProfile",
    "Finding",
    "Metric",
    "MetricAdvice",
    "Overview",
    "Severity",
    "TaskInference",
    "association_heatmap",
    "baseline_score",
    "categorical_association_frame",
    "check_task",
    "class_balance",
    "column_profile",
    "column_summary_frame",
    "correlation_frame",
    "correlation_heatmap",
    "default_positive_class",
    "feature_vs_target",
    "find_combination_leak",
    "find_issues",
    "format_change",
    "format_score",
    "infer_task",
    "leakage_columns",
    "leakage_reasons",
    "metrics_for_task",
    "missing_frame",
    "missing_pattern_chart",
    "missingness_chart",
    "outlier_chart",
    "outlier_frame",
    "overview",
    "pairplot_png",
    "presence_leaks",
    "profile_table",
    "recommend_metric",
    "single_column_scores",
    "spelling_variants",
    "suggested_exclusions",
    "target_distribution",
]
