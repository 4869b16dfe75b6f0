"""Tests of the exported script's template (core/deliver/templates/train_model.py).

The template is Python as it stands (ruff checks it with the rest of the code); the renderer
fills its settings, regions and fields, each present exactly once.
"""

from __future__ import annotations

import ast

import pytest

from core.deliver import ScriptError
from core.deliver.script import (
    _TEMPLATE_FIELDS,
    _TEMPLATE_PATH,
    _TEMPLATE_REGIONS,
    _TEMPLATE_SETTINGS,
    _fill_template,
    _template_places,
)

TEMPLATE = _TEMPLATE_PATH.read_text(encoding="utf-8")


def _filled(template: str = TEMPLATE, **overrides) -> str:
    values = {
        "settings": {name: repr(name.lower()) for name in _TEMPLATE_SETTINGS},
        "regions": {name: f"# region {name}" for name in _TEMPLATE_REGIONS},
        "fields": {name: f"field {name}" for name in _TEMPLATE_FIELDS},
    }
    values["regions"]["template-notes"] = ""  # the note about the template is dropped
    for kind, changes in overrides.items():
        values[kind] = {**values[kind], **changes}
    return _fill_template(template, **values)


def test_template_is_valid_python() -> None:
    ast.parse(TEMPLATE)


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("settings", _TEMPLATE_SETTINGS),
        ("regions", _TEMPLATE_REGIONS),
        ("fields", _TEMPLATE_FIELDS),
    ],
    ids=["settings", "regions", "fields"],
)
def test_template_has_every_marker_exactly_once(kind: str, names: tuple[str, ...]) -> None:
    found = [name for name, _, _ in _template_places(TEMPLATE)[kind]]
    for name in names:
        assert found.count(name) == 1, name
    if kind != "settings":  # the template's own assignments are not settings
        assert sorted(found) == sorted(names)


def test_template_fills_into_valid_python_without_markers() -> None:
    script = _filled()
    ast.parse(script)
    assert "modelpath:" not in script
    assert "{{" not in script
    assert "TARGET = 'target'" in script
    assert script.startswith('"""field title')
    assert "# region pipeline\n" in script


def test_template_values_are_never_read_as_markers() -> None:
    # A column name can be anything, markers included: it is written once, as data.
    hostile = "'{{title}} # <modelpath:imports>'"
    script = _filled(settings={"TARGET": hostile})
    assert f"TARGET = {hostile}" in script
    assert script.count("field title") == 1


def test_template_with_a_missing_or_doubled_marker_is_refused() -> None:
    missing = TEMPLATE.replace("{{stamp}}", "today")
    with pytest.raises(ScriptError, match="0 places for fields 'stamp'"):
        _filled(missing)
    doubled = TEMPLATE.replace("{{stamp}}", "{{stamp}} {{stamp}}")
    with pytest.raises(ScriptError, match="2 places for fields 'stamp'"):
        _filled(doubled)
    unknown = TEMPLATE.replace("{{stamp}}", "{{stamp}} {{when}}")
    with pytest.raises(ScriptError, match="which the renderer does not fill"):
        _filled(unknown)
