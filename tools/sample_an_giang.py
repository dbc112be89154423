"""Sample workbooks of the new An Giang (from 1/7/2025) on the former Kiên Giang territory: the review of
its xã in 11/2025, their 2026 results against the 10 criteria of QĐ 51/2025/QĐ-TTg, and the national
2030 targets.

Real: the 41 xã and the units each was made of (data/reference, Nghị quyết 1654/NQ-UBTVQH15); the
review's outcome for the whole new province (in 11/2025, of 85 xã 69 kept NTM, 9 nâng cao, 1 kiểu mẫu:
vietnamnet.vn), which the sample scales to the 41; the national 2030 targets with their source
(targets_national_2026_2030.csv). Invented, marked as sample: which xã kept which level, the
decisions' numbers and days, the xã groups (no assignment was published) and every 2026 mark.

The story: a xã made only of former xã (all NTM by June 2025) keeps the standard in the review; one that
took in a thị trấn, never assessed as a xã, is assessed afresh, and only some of them are recognised
"sau sắp xếp" by the end of 2025: the others stay "chưa rà soát". The data never say why: a new xã's
status is the decision loaded for it, nothing else.

They sit in data/sample/ with the rest: the loader reads them against the 2026–2030 set and the units
from 1/7/2025.
"""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from ntm import config
from tools import sample_layout as layout
from tools import sample_workbooks as programme

YEAR = 2026
# The workbooks, in the order to load them: the targets, the review decisions, then the 2026 results.
# "xa_moi_" (the new xã) sorts them after the 2020–2025 ones: loaded by name, those keep their load numbers.
TARGETS_WORKBOOK = "xa_moi_chi_tieu_ke_hoach_2026_2030.xlsx"
REVIEW_WORKBOOK = "xa_moi_quyet_dinh_ra_soat_2025.xlsx"
CRITERIA_WORKBOOK = f"xa_moi_tieu_chi_{YEAR}.xlsx"
WORKBOOKS = (TARGETS_WORKBOOK, REVIEW_WORKBOOK, CRITERIA_WORKBOOK)
_CRITERIA_REFERENCE = "criteria_2026_2030.csv"  # the 10 criteria of QĐ 51/2025/QĐ-TTg

_CUTOFF = programme.PUBLISHED[-1].as_of  # Kiên Giang's last day, the end of its 2021–2025 period
_TOWNSHIP = "thị trấn"
_ISSUER = "UBND tỉnh An Giang"
_KIND_HEADER = "Hình thức"  # the decision's kind: the column the loader of issue 15 reads as decision_kind
# Reviewed against the 2021–2025 set, as the 2021–2025 period of the new province (periods.csv).
_REVIEW_ASSESSMENT_YEAR = 2025

# What the review kept in the whole new province (vietnamnet.vn, 11/2025), scaled to the 41 xã: at
# least one of each level, so every level the review kept shows.
_PROVINCE_XA = 85
_PROVINCE_REVIEW = {"ntm": 69, "ntm_advanced": 9, "ntm_model": 1}


@dataclass(frozen=True)
class ReviewDecision:
    kind: str  # as written in "Hình thức"
    number: str
    date: datetime.date


REVIEW = ReviewDecision("Kết quả rà soát", "Mẫu-01/QĐ-UBND", datetime.date(2025, 11, 14))
AFTER_MERGER = ReviewDecision("Công nhận sau sắp xếp", "Mẫu-02/QĐ-UBND", datetime.date(2025, 11, 28))

# Xã groups (nhóm 1/2/3 of QĐ 51): none was published, so the sample puts the xã that took in a former
# district seat (planned as urban areas) in nhóm 1, draws a few for nhóm 3 and leaves the rest in nhóm 2.
_URBAN_GROUP, _DEFAULT_GROUP, _DRAWN_GROUP = 1, 2, 3
_DRAWN_GROUP_SIZE = 3

# Criteria met in 2026 by what the review found, and how often each criterion is the one short
# (digital transformation and the environment the most: both are new or raised in the 2026 set).
_MET_RANGE = {"ntm_advanced": (9, 10), "ntm": (6, 10), None: (3, 7)}
_OFTEN_SHORT = {7: 5, 8: 4, 3: 3, 2: 3, 4: 2, 5: 2, 6: 1, 9: 1, 10: 1, 1: 1}

_REVIEW_TITLE = "DANH SÁCH XÃ ĐẠT CHUẨN NÔNG THÔN MỚI SAU SẮP XẾP ĐƠN VỊ HÀNH CHÍNH – ĐỊA BÀN TỈNH KIÊN GIANG (CŨ)"
_CRITERIA_TITLE = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ NÔNG THÔN MỚI NĂM {year}"
_CRITERIA_SUBTITLE = "(Bộ tiêu chí giai đoạn 2026–2030; các xã trên địa bàn tỉnh Kiên Giang cũ)"
_TARGETS_TITLE = "MỤC TIÊU XÂY DỰNG NÔNG THÔN MỚI GIAI ĐOẠN 2026–2030"
_SCOPE_WORDS = {"national": "Toàn quốc"}
_NATIONAL_SOURCE = (
    "Mục tiêu quốc gia như báo chí đưa tin{approximate}; tỉnh chưa ban hành mục tiêu riêng. Nguồn: {source}"
)


@dataclass(frozen=True)
class NewCommune:
    code: str
    name: str  # "Xã Vĩnh Hòa Hưng"
    former: tuple[str, ...]  # codes of the units it was made from
    took_in_township: bool


@dataclass(frozen=True)
class Review:
    unit_code: str
    level: str  # level_code of recognition_levels.csv
    decision: ReviewDecision


@dataclass
class Story:
    communes: list[NewCommune]
    reviews: list[Review]
    groups: dict[str, int]
    met: dict[str, frozenset[int]]  # the 2026 results
    targets: list[programme.Target]

    def kept(self, level: str) -> set[str]:
        return {review.unit_code for review in self.reviews if review.level == level}


def _reference(file_name: str) -> list[dict[str, str]]:
    with open(config.REFERENCE_DIR / file_name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_new_communes() -> list[NewCommune]:
    """The new xã made from Kiên Giang's units, in the programme's unit types, with what they were made of."""
    in_programme = {row["unit_type"] for row in _reference("admin_unit_types.csv") if row["in_ntm_programme"] == "true"}
    units = [
        row
        for row in _reference("admin_units_2025.csv")
        if row["former_kien_giang"] != "none" and row["unit_type"] in in_programme
    ]
    former: dict[str, list[dict[str, str]]] = {}
    for row in _reference("admin_unit_successions.csv"):
        former.setdefault(row["new_code"], []).append(row)
    return [
        NewCommune(
            row["commune_code"],
            row["commune_name"],
            tuple(sorted(old["old_code"] for old in former[row["commune_code"]])),
            any(old["old_unit_type"] == _TOWNSHIP for old in former[row["commune_code"]]),
        )
        for row in sorted(units, key=lambda row: row["commune_code"])
    ]


def _held_on(plan: programme.Plan, level: str, day: datetime.date) -> set[str]:
    """Units holding a level on a day, by the latest decision up to it."""
    latest: dict[str, programme.Recognition] = {}
    for event in sorted(plan.recognitions, key=lambda event: event.decision_date):
        if event.level == level and event.decision_date <= day:
            latest[event.unit_code] = event
    return {code for code, event in latest.items() if event.action == "recognised"}


def _share_held(commune: NewCommune, held: set[str]) -> float:
    return sum(code in held for code in commune.former) / len(commune.former)


def _reviews(communes: list[NewCommune], plan: programme.Plan, rng: random.Random) -> list[Review]:
    """Every xã made only of former xã keeps NTM; the higher levels go where most of its former xã
    held them on 30/6/2025; a few of those that took in a thị trấn are recognised after the merger."""
    kept = {level: max(1, round(count * len(communes) / _PROVINCE_XA)) for level, count in _PROVINCE_REVIEW.items()}
    reviewed = [c for c in communes if not c.took_in_township]
    reassessed = rng.sample([c for c in communes if c.took_in_township], kept["ntm"] - len(reviewed))
    reviews = [Review(c.code, "ntm", REVIEW) for c in reviewed]
    reviews += [Review(c.code, "ntm", AFTER_MERGER) for c in sorted(reassessed, key=lambda c: c.code)]
    candidates = reviewed
    for level in ("ntm_advanced", "ntm_model"):
        held = _held_on(plan, level, _CUTOFF)
        candidates = sorted(candidates, key=lambda c: (-_share_held(c, held), c.code))[: kept[level]]
        reviews += [Review(c.code, level, REVIEW) for c in candidates]
    return reviews


def _groups(communes: list[NewCommune], rng: random.Random) -> dict[str, int]:
    groups = {c.code: _URBAN_GROUP if c.took_in_township else _DEFAULT_GROUP for c in communes}
    drawn = rng.sample(sorted(code for code, group in groups.items() if group == _DEFAULT_GROUP), _DRAWN_GROUP_SIZE)
    groups.update(dict.fromkeys(drawn, _DRAWN_GROUP))
    return groups


def _criteria_met(communes: list[NewCommune], reviews: list[Review], rng: random.Random) -> dict[str, frozenset[int]]:
    """Each xã's 2026 criteria: the better its review, the more it meets of the new, harder set."""
    criteria = frozenset(criterion_names())
    levels: dict[str, set[str]] = {}
    for review in reviews:
        levels.setdefault(review.unit_code, set()).add(review.level)
    met = {}
    for c in communes:
        found = levels.get(c.code, set())
        best = next((level for level in ("ntm_advanced", "ntm") if level in found), None)
        count = rng.randint(*_MET_RANGE[best])
        short = layout.weighted_sample(rng, _OFTEN_SHORT, len(criteria) - count)
        met[c.code] = criteria - frozenset(short)
    return met


def _national_targets() -> list[programme.Target]:
    measures = {row["measure_code"]: row["name_vi"] for row in _reference("measures_national.csv")}
    return [
        programme.Target(
            _SCOPE_WORDS[row["scope_code"]],
            measures[row["measure_code"]],
            None,
            None,
            int(row["target_year"]),
            float(row["target_value"]),
            _NATIONAL_SOURCE.format(
                approximate=", giá trị xấp xỉ" if row["approximate"] == "true" else "", source=row["source"]
            ),
        )
        for row in _reference("targets_national_2026_2030.csv")
    ]


def build_story() -> Story:
    """The new province's sample story, built on the 2020–2025 one."""
    plan = programme.build_plan()
    communes = read_new_communes()
    reviews = _reviews(communes, plan, layout.rng("an_giang:review"))
    groups = _groups(communes, layout.rng("an_giang:groups"))
    met = _criteria_met(communes, reviews, layout.rng("an_giang:criteria"))
    return Story(communes, reviews, groups, met, _national_targets())


# --- Writing workbooks -----------------------------------------------------------------------


def _review_rows(story: Story) -> list[programme.DecisionRow]:
    names = {c.code: c.name for c in story.communes}
    return [
        programme.DecisionRow(
            review.unit_code,
            names[review.unit_code],
            None,
            review.level,
            review.decision.kind,
            _REVIEW_ASSESSMENT_YEAR,
            review.decision.number,
            review.decision.date,
            _ISSUER,
        )
        for review in story.reviews
    ]


def criterion_names() -> dict[int, str]:
    """The 2026–2030 set's criteria by number, with their Vietnamese names."""
    return {int(row["criterion_no"]): row["name_vi"] for row in _reference(_CRITERIA_REFERENCE)}


def _write_criteria(story: Story, path: Path) -> Path:
    """The province's 2026 summary for the former territory: no district column (there are none since
    1/7/2025), names as clerks type them, a "Nhóm xã" column, "Đạt"/"Chưa đạt", totals and signatures."""
    rng, names = layout.rng(f"an_giang:layout:{YEAR}"), criterion_names()
    labels = ["STT", "Tên xã", "Nhóm xã", *(layout.criterion_header(rng, n, names) for n in names)]
    labels.append("Số tiêu chí đạt")
    workbook, sheet = layout.new_workbook(f"Tiêu chí {YEAR}")
    layout.title(sheet, 1, "ỦY BAN NHÂN DÂN TỈNH AN GIANG", 6)
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, 6, bold=False)
    layout.title(sheet, 3, _CRITERIA_TITLE.format(year=YEAR), len(labels))
    layout.title(sheet, 4, _CRITERIA_SUBTITLE, len(labels), bold=False)
    layout.header(sheet, 6, labels)
    for row_no, commune in enumerate(story.communes, start=1):
        met = story.met[commune.code]
        typed = layout.typed_name(commune.name, rng)
        name = layout.written_name(typed, rng.choice(layout.NAME_FORMS))
        marks = ["Đạt" if n in met else "Chưa đạt" for n in names]
        sheet.append([row_no, name, story.groups[commune.code], *marks, len(met)])
    totals = [sum(1 for c in story.communes if n in story.met[c.code]) for n in names]
    sheet.append([None, "Tổng cộng", None, *totals])
    sheet.cell(row=sheet.max_row, column=2).font = layout.BOLD
    layout.signature_block(sheet, len(labels))
    layout.widths(sheet, len(labels), 10, {1: 6, 2: 24, 3: 8, len(labels): 12})
    return layout.save(workbook, path)


def write(out_dir: Path) -> list[Path]:
    """Write the new province's sample workbooks into out_dir; their paths in the order to load them
    (``WORKBOOKS``)."""
    folder = Path(out_dir)
    story = build_story()
    return [
        programme.write_targets(story.targets, _TARGETS_TITLE, "Kế hoạch 2026-2030", folder / TARGETS_WORKBOOK),
        programme.write_recognitions(
            _review_rows(story), _REVIEW_TITLE, "Rà soát", _KIND_HEADER, folder / REVIEW_WORKBOOK
        ),
        _write_criteria(story, folder / CRITERIA_WORKBOOK),
    ]
