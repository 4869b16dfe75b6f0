"""Journeys through the real app in a real browser (Debian chromium, headless)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.e2e.conftest import click, main_text, open_page, settle

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect

PRAISE = ("believable", "good fit", "ready to deliver", "quote the test", "no sign of memorising")


def _leaky_table(path: Path) -> Path:
    """Customers who left, and a 'refund' column only filled after they left (a leak)."""
    rng = np.random.default_rng(11)
    n = 600
    age = rng.integers(18, 80, n)
    spend = rng.normal(100, 25, n).round(2)
    left = rng.random(n) < 1 / (1 + np.exp(-(-1.0 + 0.02 * (age - 45) - 0.01 * (spend - 100))))
    frame = pd.DataFrame(
        {
            "age": age,
            "spend": spend,
            "plan": rng.choice(["basic", "plus", "pro"], n),
            "refund": np.where(left, rng.normal(30, 5, n).round(2), 0.0),
            "left": np.where(left, "yes", "no"),
        }
    )
    frame.to_csv(path, index=False)
    return path


def _upload(page, path: Path) -> None:
    open_page(page, "Data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    settle(page)
    expect(page.get_by_text(re.compile(r"Current data: .*"))).to_be_visible()


def _choose(page, label: str, option: str) -> None:
    click(page, page.get_by_role("combobox", name=re.compile(f"^{re.escape(label)}")))
    click(page, page.get_by_role("option", name=option, exact=True))


def _train(page) -> None:
    open_page(page, "Metrics")
    click(page, page.get_by_role("button", name=re.compile("^Train and evaluate")))
    expect(page.get_by_role("heading", name="Scores beside the baseline")).to_be_visible()
    settle(page)


def test_start_page_loads_a_sample_without_errors(page) -> None:
    click(page, page.get_by_role("button", name="Load the churn sample"))
    page.get_by_role("heading", name="Data", exact=True).wait_for()
    text = main_text(page)
    assert "Customer churn" in text
    assert not re.search(r"error id", text, re.IGNORECASE)


def test_a_leak_is_left_out_then_kept_called_suspicious_and_left_out_again(
    page, tmp_path: Path
) -> None:
    _upload(page, _leaky_table(tmp_path / "customers.csv"))
    open_page(page, "Problem")
    _choose(page, "What do you want to predict?", "left")
    expect(page.get_by_text(re.compile("Left out by default: ‘refund’"))).to_be_visible()
    open_page(page, "Explore")
    expect(page.get_by_text(re.compile("left out of the features")).first).to_be_attached()

    # The person takes the column back in: the model learns from it and is called suspicious.
    open_page(page, "Problem")
    exclude = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to leave")
    click(page, exclude.get_by_role("button", name="Remove refund"))
    expect(exclude).not_to_contain_text("refund")
    open_page(page, "Algorithm")
    _train(page)
    text = main_text(page)
    assert "Suspicious" in text
    assert not any(word in text.lower() for word in PRAISE)
    for title in ("Diagnosis", "Runs", "Export"):
        open_page(page, title)
        text = main_text(page)
        assert "Suspicious" in text or "suspicious" in text, title
        assert not any(word in text.lower() for word in PRAISE), title

    # One action: leave it out and retrain; the exclusion shows on the Problem page and sticks.
    open_page(page, "Metrics")
    # The page's own button (the guided advice above offers the same action).
    primary = page.locator('[data-testid="stBaseButton-primary"]')
    click(page, primary.filter(has_text="Leave out ‘refund’ and retrain"))
    expect(page.get_by_role("heading", name="Scores beside the baseline")).to_be_visible()
    settle(page)
    expect(page.get_by_text(re.compile("^Suspicious"))).to_have_count(0)
    open_page(page, "Problem")
    expect(exclude).to_contain_text("refund")
    assert not re.search(r"error id", main_text(page), re.IGNORECASE)
