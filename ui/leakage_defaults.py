"""Leakage suspects left out by default on the Problem page, and the notice that says so.

When a target is set, the columns the findings suspect of leaking it (alone or together with
others) go into the excluded columns once, with a notice naming them and why. Each suspect is
offered once per dataset and target: a person who takes one out of the list keeps it, and the
next rerun (which sees the leak again, since excluded columns are not checked) does not put it
back.
"""

from __future__ import annotations

import streamlit as st

from core.recipe import ProblemSection
from core.understand import DatasetProfile, leakage_reasons
from ui import text
from ui.state import commit_section, current_dataset, current_profile, current_recipe

__all__ = [
    "LEFT_OUT",
    "leave_out_leakage_suspects",
    "leave_out_on_any_page",
    "left_out_notice",
]

#: Committed: for each (dataset fingerprint, target), the suspects already left out once, with
#: why (the profile no longer explains a column once it is excluded).
LEFT_OUT = "mp.problem.leaks_left_out"


def _offered(target: str) -> dict[str, str]:
    dataset = current_dataset()
    fingerprint = dataset.fingerprint if dataset is not None else ""
    store = st.session_state.setdefault(LEFT_OUT, {})
    return store.setdefault((fingerprint, target), {})


def leave_out_leakage_suspects(profile: DatasetProfile, problem: ProblemSection) -> bool:
    """Exclude the target's leakage suspects not offered before; True when it committed.

    Parameters
    ----------
    profile : DatasetProfile
        The profile under the committed problem (its findings name the suspects).
    problem : ProblemSection
        The committed problem section, with the target set.

    Returns
    -------
    bool
        True when columns were added to ``problem.exclude_columns`` (the page should rerun).
    """
    target = problem.target
    if target is None:
        return False
    offered = _offered(target)
    fresh = {
        column: why
        for column, why in leakage_reasons(profile.findings, target=target).items()
        if column not in offered and column not in problem.exclude_columns
    }
    if not fresh:
        return False
    offered.update(fresh)
    commit_section(problem.with_changes(exclude_columns=(*problem.exclude_columns, *fresh)))
    return True


def left_out_notice(target: str, excluded: tuple[str, ...] | list[str]) -> str | None:
    """The notice for the suspects still left out by default (None when there are none)."""
    offered = _offered(target)
    kept_out = [column for column in offered if column in excluded]
    if not kept_out:
        return None
    reasons = "; ".join(dict.fromkeys(offered[column] for column in kept_out))
    them = "it" if len(kept_out) == 1 else "one"
    return (
        f"Left out by default: {reasons}. A column that good is usually recorded after the "
        "outcome (or is a copy of it): it inflates every score and is missing when you predict. "
        f"If it is known before the outcome happens, remove {them} from the list to keep {them}."
    )


def leave_out_on_any_page(page_file: str) -> None:
    """Apply the default once for a target set without the Problem page, and say so.

    A sample loads with its target already chosen (the tutorial's too), so a person can reach
    the training button without ever opening the Problem page; the default must not depend on
    which page comes first. Runs in the app's frame before every page, and costs a lookup once
    the current dataset and target have been checked. The Problem page applies it itself, with
    its notice beside the list (a toast there would say it twice).
    """
    if page_file == "steps/problem.py":
        return
    dataset, problem = current_dataset(), current_recipe().problem
    if dataset is None or problem.target is None:
        return
    if (dataset.fingerprint, problem.target) in st.session_state.get(LEFT_OUT, {}):
        return
    profile = current_profile()
    if profile is None or profile.task_error:
        return
    if leave_out_leakage_suspects(profile, problem):
        notice = left_out_notice(problem.target, current_recipe().problem.exclude_columns)
        if notice:
            st.toast(text.plain(notice), icon=":material/block:", duration="long")
