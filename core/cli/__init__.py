"""The command line: ``python -m core``, one module per command."""

from core.cli.deliver import (
    export_script,
    predict_file,
    write_model_and_script,
)
from core.cli.main import (
    TrainingRun,
    main,
    metrics_dict,
    render_models,
    render_profile,
    render_training,
)

__all__ = [
    "TrainingRun",
    "export_script",
    "main",
    "metrics_dict",
    "predict_file",
    "render_models",
    "render_profile",
    "render_training",
    "write_model_and_script",
]
