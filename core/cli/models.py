"""``python -m core models [--task TASK]``: the algorithm registry, baseline included: the key
to pass to ``train --model``, the algorithm's name and the tasks it serves."""

from __future__ import annotations

import argparse
from typing import TextIO

__all__ = ["render_models"]


def run(args: argparse.Namespace, stdout: TextIO) -> None:
    """The ``models`` command (``core.cli.main`` parses the arguments)."""
    stdout.write(render_models(args.task))


def render_models(task: str | None = None) -> str:
    """The registry as aligned lines: key, name, tasks (only those serving ``task`` if given)."""
    from core.model import MODELS, models_for_task

    specs = models_for_task(task) if task is not None else list(MODELS.values())
    rows = [(spec.key, spec.label, ", ".join(spec.tasks)) for spec in specs]
    key_width = max(len(row[0]) for row in rows)
    label_width = max(len(row[1]) for row in rows)
    return "".join(
        f"{key.ljust(key_width)}  {label.ljust(label_width)}  {tasks}\n"
        for key, label, tasks in rows
    )
