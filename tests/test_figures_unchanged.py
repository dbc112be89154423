"""Carrying the dashboard past 30/6/2025 (issue 15: criteria sets, periods, units over time) changes
no figure of 2025 or before: every read function's answer, the command line's summary and a pinned
link's figures are those saved from the code before it (tests/figures_snapshot.py), on the
hand-built warehouses and on the sample."""

from __future__ import annotations

import json

import pytest

from tests import figures_snapshot
from tests.fixtures import build_leadership_warehouse, build_movement_warehouse, build_warehouse
from tools import sample_an_giang

pytestmark = pytest.mark.slow
SAVED = json.loads(figures_snapshot.SAVED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name, build",
    [
        ("hand_built", build_warehouse),
        ("leadership", build_leadership_warehouse),
        ("movement", build_movement_warehouse),
    ],
)
def test_every_figure_of_the_hand_built_warehouses_until_2025_is_as_before(name, build, tmp_path):
    db = build(tmp_path / "ntm.duckdb")
    figures = figures_snapshot.read_side(db, figures_snapshot.years_until_2025(db), sample=False)
    if name == "hand_built":
        figures |= figures_snapshot.pinned(db)
    assert figures_snapshot.changed(SAVED, name, figures) == []


def test_every_figure_of_the_sample_until_2025_is_as_before_with_2026_loaded_beside_it(warehouses):
    """Saved from the code before issue 15 on the workbooks it reads: all but the new province's,
    which this code loads too."""
    saved, now = SAVED["sample_workbooks"], figures_snapshot.sample_workbooks_digest()
    assert {name: now.get(name) for name in saved} == saved, (
        "the sample workbooks changed: check that the change is theirs, then save the figures again"
        " (python -m tests.figures_snapshot, with the code before issue 15)"
    )
    assert now.keys() - saved.keys() == set(sample_an_giang.WORKBOOKS)
    db = warehouses.shared("sample")
    figures = figures_snapshot.read_side(db, figures_snapshot.years_until_2025(db), sample=True)
    assert figures_snapshot.changed(SAVED, "sample", figures) == []
