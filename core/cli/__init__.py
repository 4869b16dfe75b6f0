"""The command line: ``python -m core``, one module per command."""

from core.cli.export import export_script
from core.cli.main import main
from core.cli.models import render_models
from core.cli.predict import predict_file
from core.cli.profile import render_profile
from core.cli.train import (
    TrainingRun,
    metrics_dict,
    render_training,
    write_model_and_script,
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
