"""Start here: what ModelPath does and where each lifecycle step lives."""

import streamlit as st

from core.data import list_samples
from core.learn import APP_PAGES, lifecycle
from ui.components import link_to
from ui.guide import start_tutorial
from ui.state import current_dataset, load_sample_dataset

st.title("ModelPath")
st.markdown(
    "Take a table to a **validated, explained model** — and learn the machine-learning "
    "lifecycle on the way. Every step explains itself with *your* data's numbers, and "
    "everything that learns from the data is fitted on training rows only, so your scores "
    "are honest."
)

st.subheader("The lifecycle")
st.markdown(
    "An ML engineer takes every model through the same steps. ModelPath follows them in order "
    "and keeps your choices in one *recipe* that every step reads and extends."
)
# Both lists come from the navigation's own order, so the Start page never lists a step
# before the one the sidebar puts ahead of it.
st.markdown("\n".join(f"{i}. **{s.title}** — {s.summary}" for i, s in enumerate(lifecycle(), 1)))
for page in APP_PAGES:
    if page.file != "steps/home.py":
        link_to(page.file, f"{page.title}: {page.summary}", icon=":material/arrow_right:")

st.subheader("Begin")
st.markdown(
    "**New to machine learning?** The tutorial loads a teaching table (customer churn, with "
    "every classic data problem planted on purpose) and walks you through each step with a "
    "lesson, advice from the data, an experiment, a question and a checkpoint — ending with an "
    "exported model and its report."
)
if st.button("Start the tutorial", key="w.home.tutorial", type="primary", icon=":material/school:"):
    start_tutorial()
    st.switch_page("steps/data.py")
left, right = st.columns(2)
with left:
    st.markdown("**Try a sample.** The churn sample hides every classic data problem on purpose.")
    if st.button("Load the churn sample", key="w.home.churn"):
        load_sample_dataset("churn")
        st.switch_page("steps/data.py")
    st.caption("Other samples: " + ", ".join(s.title for s in list_samples() if s.key != "churn"))
with right:
    st.markdown("**Bring your own table.** CSV, TSV, Excel, Parquet or JSON.")
    link_to("steps/data.py", "Upload on the Data page", icon=":material/upload:")

if current_dataset() is not None:
    st.divider()
    link_to("steps/problem.py", "Continue: define the problem", icon=":material/arrow_forward:")
