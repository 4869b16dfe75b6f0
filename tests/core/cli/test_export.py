"""Tests for core.cli.export (``python -m core export``): the reproducible script of a recipe."""

from __future__ import annotations

from pathlib import Path

from core.recipe import ModelSection, ProblemSection, Recipe
from tests.core.cli.cli_helpers import customers_frame, run_cli


def test_export_renders_the_script_for_a_recipe(trained_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "again.py"
    code, output = run_cli(
        [
            "export",
            str(trained_dir / "run" / "recipe.json"),
            "--script",
            str(target),
            "--data",
            str(trained_dir / "customers.csv"),
        ]
    )
    assert code == 0, output
    written = (trained_dir / "run" / "train_model.py").read_text(encoding="utf-8")
    rendered = target.read_text(encoding="utf-8")
    # The same script, apart from the time stamp in its header.
    assert rendered.splitlines()[3:] == written.splitlines()[3:]


def test_export_finds_the_data_beside_the_recipe(trained_dir: Path, tmp_path: Path) -> None:
    recipe = (trained_dir / "run" / "recipe.json").read_text(encoding="utf-8")
    (tmp_path / "recipe.json").write_text(recipe, encoding="utf-8")
    code, _ = run_cli(["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "s.py")])
    assert code == 2  # customers.csv is not beside this copy
    (tmp_path / "customers.csv").write_bytes((trained_dir / "customers.csv").read_bytes())
    code, output = run_cli(
        ["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "s.py")]
    )
    assert code == 0, output
    assert (tmp_path / "s.py").exists()


def test_export_of_a_sample_recipe_writes_the_sample(tmp_path: Path) -> None:

    recipe = Recipe(
        problem=ProblemSection(target="species", task="multiclass"),
        model=ModelSection(algorithm="knn"),
    )
    recipe = recipe.with_section(recipe.data.with_changes(source_name="sample:iris"))
    (tmp_path / "recipe.json").write_text(recipe.to_json(), encoding="utf-8")
    code, output = run_cli(
        ["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "train_model.py")]
    )
    assert code == 0, output
    assert (tmp_path / "iris.csv").exists()


def test_export_without_an_algorithm_says_what_to_do(tmp_path: Path, capsys) -> None:

    customers_frame().to_csv(tmp_path / "customers.csv", index=False)
    recipe = Recipe(problem=ProblemSection(target="paid", task="binary"))
    (tmp_path / "recipe.json").write_text(recipe.to_json(), encoding="utf-8")
    code, _ = run_cli(
        [
            "export",
            str(tmp_path / "recipe.json"),
            "--script",
            str(tmp_path / "s.py"),
            "--data",
            str(tmp_path / "customers.csv"),
        ]
    )
    assert code == 2
    assert "Algorithm page" in capsys.readouterr().err
