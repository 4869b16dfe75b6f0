"""Streamlit building blocks shared by pages: lessons, prerequisites, findings, load report."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from core.data import LoadReport
from core.understand import Finding, Severity
from ui.state import Dataset, current_dataset
from ui.text import plain

__all__ = [
    "link_to",
    "require_dataset",
    "show_chart",
    "show_findings",
    "show_load_report",
    "show_overview",
]

_SEVERITY_ICON = {
    Severity.CRITICAL: ":material/report:",
    Severity.WARNING: ":material/warning:",
    Severity.INFO: ":material/info:",
}


def link_to(page: str, label: str, *, icon: str | None = None) -> None:
    """``st.page_link`` that degrades to nothing when the page is run on its own (tests)."""
    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:  # run without st.navigation (a page on its own)
        st.caption(label)


def require_dataset() -> Dataset:
    """The current dataset, or a message and a stop when none is loaded."""
    dataset = current_dataset()
    if dataset is None:
        st.info("No data is loaded yet. Pick a sample or upload a file on the Data page first.")
        link_to("steps/data.py", "Go to Data", icon=":material/table:")
        st.stop()
    return dataset


def show_findings(findings: Sequence[Finding], *, empty_text: str = "No problems found.") -> None:
    """Each finding with its headline, meaning and what to do (all as plain text)."""
    if not findings:
        st.success(empty_text)
        return
    counts = pd.Series([f.severity.value for f in findings]).value_counts()
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if s.value in counts)
    st.caption(f"{len(findings)} findings: {summary}.")
    urgent = [f for f in findings if f.severity is not Severity.INFO]
    notes = [f for f in findings if f.severity is Severity.INFO]
    for finding in urgent:
        _show_finding(finding)
    if notes:
        with st.expander(f"{len(notes)} more notes (missing values, skew…)"):
            for finding in notes:
                _show_finding(finding)


def _show_finding(finding: Finding) -> None:
    body = f"**{plain(finding.title)}**  \n{plain(finding.detail)}  \n*What to do:* " + plain(
        finding.action
    )
    icon = _SEVERITY_ICON[finding.severity]
    if finding.severity is Severity.CRITICAL:
        st.error(body, icon=icon)
    elif finding.severity is Severity.WARNING:
        st.warning(body, icon=icon)
    else:
        st.info(body, icon=icon)


def show_load_report(report: LoadReport) -> None:
    """The load report: how the file was read and what was changed on the way."""
    cols = st.columns(4)
    cols[0].metric("Rows", f"{report.n_rows:,}")
    cols[1].metric("Columns", f"{report.n_columns:,}")
    missing = sum(count for _, count in report.missing_per_column)
    cells = max(report.n_rows * report.n_columns, 1)
    cols[2].metric(
        "Missing cells",
        f"{missing:,}",
        f"{missing / cells:.1%} of cells",
        delta_color="off",
        delta_arrow="off",
    )
    cols[3].metric("Size", _human_bytes(report.size_bytes))
    st.caption(plain(report.reading_summary()))
    for note in report.notes:
        st.caption(plain(note))
    if report.renamed_headers:
        st.warning(
            plain(
                f"{len(report.renamed_headers)} column name(s) were blank, repeated or padded "
                "with spaces and were renamed so every column has a unique name:"
            )
        )
        st.dataframe(
            pd.DataFrame(report.renamed_headers, columns=["name in the file", "name used"]),
            hide_index=True,
        )
    if report.skipped_lines:
        shown = ", ".join(str(n) for n in report.skipped_lines[:30])
        more = " …" if len(report.skipped_lines) > 30 else ""
        st.warning(
            plain(
                f"{len(report.skipped_lines):,} line(s) had too many fields and were skipped "
                f"(lines {shown}{more})."
            )
        )


def show_overview(facts) -> None:
    """The Explore page's headline numbers (a ``core.understand.Overview``)."""
    cols = st.columns(5)
    cols[0].metric("Rows", f"{facts.n_rows:,}")
    cols[1].metric("Columns", f"{facts.n_columns:,}")
    cols[2].metric("Memory", f"{facts.memory_bytes / 2**20:,.1f} MB")
    cols[3].metric("Duplicate rows", f"{facts.n_duplicate_rows:,}")
    cols[4].metric(
        "Missing cells",
        f"{facts.n_missing_cells:,}",
        f"{facts.missing_share:.1%}",
        delta_color="off",
        delta_arrow="off",
    )


def show_chart(result, *, key: str) -> None:
    """Place a chart result: its figure, sampling note and how to read it."""
    st.plotly_chart(result.figure, key=key, width="stretch")
    if result.note:
        st.caption(plain(result.note))
    st.caption(f"How to read this: {plain(result.how_to_read)}")


def _human_bytes(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size} B"
