"""Corpus files whose cells name agencies at length: long lists, many pieces, one very long name.
Each is read in a fraction of a second (the benchmark times them together): a list is read in
full up to the declared limit, refused at its cell beyond it, and a name no agency has is refused
with a message that quotes only its start."""

from __future__ import annotations

import tomllib

from bench.workbooks import LONG_AGENCY, agency_names, tasks_workbook, unknown_agencies
from ntm import catalogue as spec
from ntm import reference
from tests.corpus.cases import Accepted, Case, Rejected
from tests.corpus.value_cases import Said

_COORDINATING = "select coordinating from current_task order by task_no"
_TASKS = "Sheet"
_LEAD = "UBND914"  # tasks_workbook's lead agency (UBND huyện Giang Thành): never also coordinating


def _most_names() -> int:
    with open(spec.SPEC_FILE, "rb") as handle:
        return tomllib.load(handle)["agencies"]["most_names_in_a_cell"]


_LIMIT = str(_most_names())


def _codes() -> list[str]:
    return [row["agency_code"] for row in reference.rows("agency")]


def _codes_cycled(count: int) -> list[str]:
    """``count`` agency codes: every agency, then again from the first."""
    every = _codes()
    return [every[n % len(every)] for n in range(count)]


AGENCY_CASES: list[Case] = [
    Case(
        "forty_agencies_in_one_cell",
        "a task's coordinating agencies: the first 40 agencies by full name, separated by '; ' (1,086 characters)",
        lambda: tasks_workbook(["; ".join(agency_names(40))]),
        Accepted(_COORDINATING, [(";".join(_codes()[:40]),)]),
    ),
    Case(
        "as_many_agencies_as_a_cell_may_name",
        "the most pieces a cell may hold, each an agency's code (every agency, then again from the first)",
        lambda: tasks_workbook(["; ".join(_codes_cycled(_most_names()))]),
        Accepted(_COORDINATING, [(";".join(code for code in _codes() if code != _LEAD),)]),
    ),
    Case(
        "two_hundred_pieces_in_one_cell",
        "200 short pieces that name no agency, separated by '; ' (1,198 characters): refused as too many names",
        lambda: tasks_workbook([unknown_agencies(200)]),
        Said("agencies_too_many", _TASKS, 4, "E", says=("200", _LIMIT), says_en=("200", _LIMIT)),
    ),
    Case(
        "a_100k_agency_name",
        "a coordinating agency 'Sở Nông nghiệp Nông nghiệp …' of 100,000 characters and no separator",
        lambda: tasks_workbook([LONG_AGENCY]),
        Rejected("agency_unknown", _TASKS, 4, "E"),
    ),
]
