"""Guided mode: the lifecycle tracker, and on each page the lesson, advice from the person's
own data, a small experiment and a question to check understanding.

Guided mode is on for a first visit and remembered for the session. The teaching content
lives in ``core`` (lessons, try-this, questions, glossary, advice); this module only draws it.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from core.errors import ModelPathError
from core.learn import (
    STEP_ORDER,
    TUTORIAL_CHECKPOINTS,
    TUTORIAL_SAMPLE,
    Action,
    Advice,
    advise,
    check_answer,
    find_terms,
    lesson_for,
    next_step,
    progress,
    question_for,
    step_of_page,
    try_this_for,
    tutorial_checkpoint_passed,
)
from ui import text
from ui.components import link_to
from ui.evaluate.evaluation import apply_param, leave_out_and_retrain, run_store
from ui.memo import remember
from ui.prepare.training_data import training_data_if_ready
from ui.state import (
    commit_section,
    current_dataset,
    current_profile,
    current_recipe,
    load_sample_dataset,
    profile_key,
)

__all__ = [
    "GUIDED",
    "TUTORIAL",
    "done_steps",
    "guided_mode",
    "record_download",
    "record_visit",
    "show_guide",
    "show_lesson",
    "show_next_step",
    "show_tracker",
    "start_tutorial",
]

logger = logging.getLogger("modelpath")

GUIDED = "mp.guided"
TUTORIAL = "mp.tutorial"
_LOOK_UP = "mp.guide.look_up"
_DOWNLOADS = "mp.guide.downloads"
_VISITED = "mp.visited"
_ICONS = {"done": ":material/check_circle:", "current": ":material/play_circle:"}
_TODO_ICON = ":material/radio_button_unchecked:"


def guided_mode() -> bool:
    """Whether guided mode is on (on for a first visit)."""
    return bool(st.session_state.setdefault(GUIDED, True))


def _toggle() -> None:
    st.session_state[GUIDED] = st.session_state["w.sidebar.guided"]


def start_tutorial() -> None:
    """Load the teaching table and turn guided mode and the tutorial's checkpoints on."""
    load_sample_dataset(TUTORIAL_SAMPLE)
    st.session_state[GUIDED] = True
    st.session_state[TUTORIAL] = True
    st.session_state[_VISITED] = set()


def _in_tutorial() -> bool:
    # The checkpoints speak of the teaching table; another table ends the tutorial.
    dataset = current_dataset()
    return bool(st.session_state.get(TUTORIAL)) and (
        dataset is not None and dataset.source == f"sample:{TUTORIAL_SAMPLE}"
    )


def record_download(what: str) -> None:
    """Remember a download from the Export page (a download button's callback)."""
    st.session_state.setdefault(_DOWNLOADS, set()).add(what)


def record_visit(page: str) -> None:
    """Remember that a page was shown (some steps are done by looking)."""
    st.session_state.setdefault(_VISITED, set()).add(page)


def done_steps() -> set[str]:
    """The lifecycle steps the person has completed, from what they have actually done."""
    visited: set[str] = st.session_state.get(_VISITED, set())
    done: set[str] = set()
    dataset = current_dataset()
    if dataset is None:
        return done
    done.add("data")
    recipe = current_recipe()
    problem = recipe.problem
    if problem.target and problem.task and problem.metric:
        done.add("problem")
    for step in ("explore", "clean", "features", "split", "tune"):
        if f"steps/{step}.py" in visited:
            done.add(step)
    if recipe.model.algorithm is not None:
        done.add("algorithm")
    if len(run_store()):  # every finished training is recorded as a run
        done.update({"tune", "evaluate"})
    if visited & {"steps/runs.py", "steps/new_data.py"}:
        done.add("improve")
    if visited & {"steps/export.py", "steps/predict.py"} and "evaluate" in done:
        done.add("deliver")
    return done


def show_tracker(page: str | None) -> None:
    """The sidebar's progress tracker and guided-mode switch."""
    with st.sidebar:
        st.toggle(
            "Guided mode",
            value=guided_mode(),
            key="w.sidebar.guided",
            on_change=_toggle,
            help="Lessons, advice from your data, experiments and questions on every page.",
        )
        if not guided_mode():
            return
        done = done_steps()
        statuses = progress(done, step_of_page(page))
        st.caption(f"Your progress: {len(done)} of {len(STEP_ORDER)} steps")
        for status in statuses:
            icon = _ICONS.get(status.status, _TODO_ICON)
            if status.status == "current" and status.step.key in done:
                icon = _ICONS["done"]
            label = status.step.title + (" ← you are here" if status.status == "current" else "")
            link_to(status.page, label, icon=icon)


def show_next_step(page: str | None) -> None:
    """The "next step" action at the bottom of a page."""
    if not guided_mode():
        return
    step = step_of_page(page)
    if step is None and page != "steps/home.py":
        return
    done = done_steps()
    following = next_step(done, step)
    st.divider()
    if following is None:
        following = next_step(done, None)  # the last page: anything left behind?
        if following is None:
            st.success(
                "You have walked the whole lifecycle: from a table to an evaluated, exported model."
            )
            return
        st.caption(f"Still to do: {following.step.title} — {following.step.summary}")
        link_to(following.page, f"Go back to: {following.step.title}", icon=":material/undo:")
        return
    st.caption(f"Next step: {following.step.title} — {following.step.summary}")
    link_to(following.page, f"Continue: {following.step.title}", icon=":material/arrow_forward:")


# --- the panel on each page ------------------------------------------------------------------


def show_guide(step: str) -> None:
    """In guided mode: the lesson (open), advice from the person's data, a small experiment
    and a question; otherwise the lesson alone, collapsed."""
    lesson = lesson_for(step)
    guided = guided_mode()
    with st.expander(lesson.title, icon=":material/school:", expanded=guided):
        st.markdown(f"**What it is.** {lesson.what}")
        st.markdown(f"**Why it matters.** {lesson.why}")
        st.markdown(f"**Common mistake.** {lesson.mistake}")
        terms = find_terms(" ".join((lesson.what, lesson.why, lesson.mistake)))
        if terms:
            key = f"w.guide.{step}.terms"
            st.pills(
                "In the glossary",
                [term.name for term in terms[:10]],
                key=key,
                on_change=_look_up,
                args=(key,),
                help="Pick a term to read its definition and an example.",
            )
    if st.session_state.pop(_LOOK_UP, None):
        st.switch_page("steps/glossary.py")
    if not guided:
        return
    if _in_tutorial():
        passed = tutorial_checkpoint_passed(
            step,
            done_steps(),
            current_recipe(),
            len(run_store()),
            st.session_state.get(_DOWNLOADS, set()),
        )
        checkpoint = f"Tutorial checkpoint: {TUTORIAL_CHECKPOINTS[step]}"
        (text.success if passed else text.info)(checkpoint + (" ✓ Done." if passed else ""))
    _advice_panel(step)
    left, right = st.columns(2)
    with left:
        _try_this(step)
    with right:
        _question(step)


def _look_up(key: str) -> None:
    """A glossary term was picked: search for it on the Glossary page."""
    name = st.session_state.get(key)
    if name:
        st.session_state["w.glossary.query"] = name
        st.session_state[_LOOK_UP] = True
        st.session_state[key] = None


def _inputs() -> dict[str, Any]:
    """What the advice can look at; anything not available yet is left out."""
    inputs: dict[str, Any] = {}
    if current_dataset() is None:
        return inputs
    recipe = current_recipe()
    inputs["recipe"] = recipe
    try:
        inputs["profile"] = current_profile()
    except ModelPathError:
        return inputs
    data = training_data_if_ready()
    if data is not None:
        inputs["data"] = data
    job = st.session_state.get("mp.job.train")
    trained = getattr(job, "result", None) if job is not None and not job.running else None
    if trained is not None and hasattr(trained, "cv"):
        inputs["trained"] = trained
        curve_job = st.session_state.get("mp.job.learning")
        curve = getattr(curve_job, "result", None) if curve_job is not None else None
        if curve is not None and not curve_job.running:
            inputs["curve"] = curve
    return inputs


def _advice_key(step: str) -> tuple:
    """What the advice depends on: the data, the recipe, and the last training and curve."""
    jobs = tuple(
        getattr(st.session_state.get(f"mp.job.{kind}"), "id", None)
        for kind in ("train", "learning")
    )
    return (step, profile_key(), current_recipe().fingerprint(), jobs)


def _advice_panel(step: str) -> None:
    try:
        # Kept per person until something it reads changes: widgets on the page rerun it often.
        advice = remember(f"advice.{step}", _advice_key(step), lambda: advise(step, **_inputs()))
    except Exception:  # advice is a bonus: a bug in it must never cost the page
        logger.exception("Advice for %s failed", step)
        return
    if not advice:
        return
    st.subheader("In your data", divider="gray")
    outcome = st.session_state.pop("mp.guide.done", None)
    if outcome is not None:
        (text.success if outcome[0] else text.error)(outcome[1])
    for number, item in enumerate(advice):
        show = {"warning": text.warning, "good": text.success}.get(item.severity, text.info)
        show(item.text)
        if item.action is not None and item.action.kind == "go_to":
            page = f"steps/{item.action.params['page']}.py"
            link_to(page, item.action.label, icon=":material/arrow_forward:")
        elif item.action is not None:
            st.button(
                item.action.label,
                key=f"w.guide.{step}.action.{number}",
                on_click=_apply,
                args=(item,),
                icon=":material/bolt:",
            )


def _apply(item: Advice) -> None:
    """Carry out an advice's one-click action (a widget callback, before the rerun)."""
    try:
        _carry_out(item.action)
    except ModelPathError as exc:  # a callback runs outside the page's error guard
        st.session_state["mp.guide.done"] = (False, f"That could not be done: {exc.one_line()}")
        return
    st.session_state["mp.guide.done"] = (True, f"Done: {item.action.label}.")


def _carry_out(action: Action) -> None:
    recipe = current_recipe()
    params = dict(action.params)
    if action.kind == "drop_column":
        drops = tuple(dict.fromkeys((*recipe.data.drop_columns, params["column"])))
        commit_section(recipe.data.with_changes(drop_columns=drops))
    elif action.kind == "exclude_column":
        excluded = tuple(dict.fromkeys((*recipe.problem.exclude_columns, params["column"])))
        commit_section(recipe.problem.with_changes(exclude_columns=excluded))
    elif action.kind == "set_param":
        apply_param(params["param"], params["value"], recipe.problem.task)
    elif action.kind == "set_metric":
        commit_section(recipe.problem.with_changes(metric=params["metric"]))
    elif action.kind == "set_imbalance":
        commit_section(recipe.features.with_changes(imbalance=params["imbalance"]))
    elif action.kind == "set_split":
        # A time or group split names its column too.
        commit_section(recipe.split.with_changes(**params))
    elif action.kind == "leave_out_and_retrain":
        # The Metrics page starts the training on its next run (here, or when it is opened).
        leave_out_and_retrain(tuple(params["columns"]))


def _exercise_task() -> str | None:
    """The task the exercises are written for: the recipe's, else the one the profile infers
    for the target (None before there is one)."""
    if current_dataset() is None:
        return None
    task = current_recipe().problem.task
    if task is not None:
        return task
    try:
        inferred = current_profile().task
    except ModelPathError:
        return None
    return inferred.task if inferred is not None else None


def _try_this(step: str) -> None:
    experiment = try_this_for(step, _exercise_task())
    st.subheader("Try this", divider="gray")
    st.markdown(f"**{experiment.title}**")
    st.write(experiment.do)
    st.caption(f"What to watch: {experiment.watch}")


def _question(step: str) -> None:
    task = _exercise_task()
    question = question_for(step, task)
    st.subheader("Check yourself", divider="gray")
    # The task is in the keys: another task's question has other answers.
    with st.form(f"w.guide.{step}.{task}.quiz", border=False):
        choice = st.radio(
            question.prompt,
            range(len(question.answers)),
            format_func=lambda i: question.answers[i].text,
            index=None,
            key=f"w.guide.{step}.{task}.answer",
        )
        checked = st.form_submit_button("Check my answer")
    if checked:
        if choice is None:
            st.info("Pick an answer first.")
            return
        correct, explanation = check_answer(step, choice, task)
        (st.success if correct else st.warning)(
            ("Right. " if correct else "Not quite. ") + explanation
        )


def show_lesson(key: str) -> None:
    """The "what this step is and why it matters" slot of a page; in guided mode it opens and
    adds advice from the person's data, an experiment and a question."""
    show_guide(key)
