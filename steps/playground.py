"""Playground: the current algorithm on two of your columns, redrawn as you change it."""

import streamlit as st

from core.errors import ModelPathError
from core.learn import numeric_candidates
from core.model import model_spec
from ui import text
from ui.components import link_to
from ui.evaluate.evaluation import apply_param
from ui.evaluate.playground import (
    draw_playground,
    forget_playground_params,
    playground_params,
    set_playground_param,
)
from ui.guide import show_lesson
from ui.prepare.training_data import require_training_data
from ui.state import current_recipe

st.title("Playground")
show_lesson("evaluate")
data = require_training_data()
recipe = current_recipe()
if recipe.model.algorithm is None:
    st.info("Choose an algorithm first: the playground draws what it learns.")
    link_to("steps/algorithm.py", "Go to Algorithm", icon=":material/model_training:")
    st.stop()
columns = numeric_candidates(data)
if not columns:
    st.info(
        "The playground draws two numeric columns against each other, and this table has no "
        "numeric feature. Try a sample with numbers (iris, penguins, diabetes)."
    )
    st.stop()
spec = model_spec(recipe.model.algorithm)
st.caption(
    "The model is fitted on only the columns you pick, on a sample of your training rows, so "
    "you can see its shape: where it draws the boundaries between classes, or the curve it "
    "fits. Circles are training rows, crosses are test rows it never saw."
)
left, right = st.columns(2)
x = left.selectbox("Horizontal axis", columns, index=0, key="w.playground.x")
others = ["(only one column)", *[c for c in columns if c != x]]
y = right.selectbox("Vertical axis", others, index=min(1, len(others) - 1), key="w.playground.y")
y = None if y == "(only one column)" else y

tunable = [p for p in spec.params if p.kind in ("int", "float")]
params = playground_params()
if tunable:
    name = st.selectbox(
        "Change a hyperparameter", [p.name for p in tunable], key="w.playground.param"
    )
    chosen = next(p for p in tunable if p.name == name)
    current = params.get(chosen.name, chosen.default)
    with st.form("w.playground.form", border=False):
        value = st.number_input(
            chosen.name,
            min_value=float(chosen.low) if chosen.low is not None else None,
            max_value=float(chosen.high) if chosen.high is not None else None,
            value=float(current if current is not None else chosen.high or chosen.low or 1),
            key=f"w.playground.value.{chosen.name}",
            help=chosen.meaning,
        )
        redraw = st.form_submit_button("Redraw", type="primary")
    if redraw:
        params = set_playground_param(chosen, value)
try:
    result = draw_playground(data, x, y, params)
except ModelPathError as exc:
    text.show_error(exc)
    st.stop()
st.plotly_chart(result.figure, key="playground.chart")
text.info(result.caption)
changed = params != dict(recipe.model.params)
if changed and st.button("Use these settings for the real model", key="w.playground.apply"):
    for name, value in params.items():
        apply_param(name, value, data.task)
    forget_playground_params()
    st.rerun()
