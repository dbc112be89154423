"""Sample workbooks: a coherent story of the NTM programme in Kiên Giang, 2020–2025.

The story follows the dated published figures (``PUBLISHED``: xã NTM, nâng cao, kiểu mẫu and
district-level units, each with the date it refers to and its source), the five advanced xã of 2023,
the Prime Minister's decisions whose number and date are known (QĐ 669, 670 and 1119/QĐ-TTg) and
QĐ 1007/QĐ-UBND of 2019; it invents everything else, every per-xã mark included. Every sheet says it
is sample data.

Both ways of counting recognitions reproduce the published figures: by assessment year (năm đạt
chuẩn) at the end of the year each figure reports, and by decision date on the day it is dated. So
each round's decisions close by the published figure that reports it, some of them in the next year
(``_ROUND_OPENS``), and the year-end counts by decision date ("tính đến 31/12") trail the others.

The story is built once, as plain data, by ``build_plan``; the writers only lay it out in the
untidy layouts real reports use (merged two-row headers, section rows, one file per district,
NFD text, mixed marks), so the tests can check the story without reading Excel back.
Everything is drawn from seeded generators, one per purpose, so changing a layout never changes
the story, and files are written with fixed timestamps so a re-run gives identical bytes.
"""

from __future__ import annotations

import csv
import datetime
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from ntm import config
from tools import sample_layout as layout

YEARS = tuple(range(2020, 2026))
"""Years with commune criteria results (one workbook, or set of workbooks, per year)."""

CRITERIA = tuple(range(1, 20))
"""The 19 commune criteria, by number."""
_ALL_CRITERIA = frozenset(CRITERIA)


@dataclass(frozen=True)
class PublishedFigure:
    """A published count of the province's recognitions (None: the source gives none)."""

    as_of: datetime.date  # the day it refers to, or the one the sample takes for it (see source)
    results_year: int  # the assessment year whose results it reports
    ntm: int
    districts: int
    source: str
    advanced: int | None = None
    model: int | None = None


PUBLISHED = (
    PublishedFigure(
        as_of=datetime.date(2021, 1, 31),
        results_year=2020,
        ntm=81,
        districts=3,
        source="en.vietnamplus.vn/kien-giang-sets-aside-over-750-million-usd-for-building-newstyle-rural-areas/"
        "197245.vnp (8/3/2021): cuối tháng 1/2021",
    ),
    PublishedFigure(
        as_of=datetime.date(2022, 3, 31),
        results_year=2021,
        ntm=90,
        districts=3,
        source="special.vietnamplus.vn/?attachment_id=75092: đầu năm 2022 (dữ liệu mẫu lấy ngày 31/3/2022)",
    ),
    PublishedFigure(
        as_of=datetime.date(2023, 3, 17),
        results_year=2022,
        ntm=101,
        districts=5,
        source="baokiengiang.vn/trong-tinh/cac-phong-trao-thi-dua-gop-phan-phat-trien-kinh-te-xa-hoi-13084.html "
        "(17/3/2023)",
    ),
    PublishedFigure(
        as_of=datetime.date(2023, 11, 2),
        results_year=2023,
        ntm=108,
        advanced=5,
        districts=5,
        source="vccinews.com/news/51051/kien-giang-strives-to-fulfill-new-rural-development-program.html (2/11/2023)",
    ),
    PublishedFigure(
        as_of=datetime.date(2024, 12, 31),
        results_year=2024,
        ntm=111,
        advanced=19,
        districts=7,
        source="consosukien.vn/kien-giang-tam-guong-dien-hinh-trong-xay-dung-nong-thon-moi.htm: năm 2024, ngày chưa "
        "xác minh (dữ liệu mẫu lấy ngày 31/12/2024)",
    ),
    PublishedFigure(
        as_of=datetime.date(2025, 6, 30),
        results_year=2025,
        ntm=116,
        advanced=40,
        model=5,
        districts=9,
        source="baokiengiang.vn/nong-thon-moi/huyen-chau-thanh-dat-chuan-nong-thon-moi-26956.html: khoảng tháng "
        "6/2025, cuối giai đoạn của tỉnh",
    ),
)
"""Kiên Giang's dated results (the reference notes, ntm-2026.md §1); the 2023 and 2024 figures are
dated in the year, not at 31/12. The sample reproduces each one both ways (module docstring)."""
_PUBLISHED_BY_YEAR = {figure.results_year: figure for figure in PUBLISHED}


# --- The story -------------------------------------------------------------------------------

# Xã recognised as NTM per district and assessment year (năm đạt chuẩn). Chosen so that the
# province holds the published 81, 90, 101, 108, 111, 116 xã at the end of 2020…2025 (one xã is
# withdrawn in 2023 and re-recognised in 2024, see _WITHDRAWN), and every district is complete by
# the year of its own recognition (DISTRICT_RECOGNITIONS).
_NTM_SCHEDULE: dict[str, dict[int, int]] = {
    "899": {2015: 1},  # Rạch Giá
    "900": {2019: 1, 2021: 1},  # Hà Tiên
    "902": {2017: 1, 2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1, 2023: 1},  # Kiên Lương
    "903": {2013: 1, 2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 2, 2022: 2, 2023: 1},  # Hòn Đất
    "904": {2013: 2, 2014: 3, 2015: 3, 2016: 2},  # Tân Hiệp
    "905": {2014: 1, 2016: 1, 2017: 1, 2018: 1, 2019: 2, 2020: 1, 2022: 1, 2023: 1},  # Châu Thành
    "906": {2013: 1, 2014: 1, 2015: 2, 2016: 3, 2017: 4, 2018: 4, 2019: 3},  # Giồng Riềng
    "907": {2014: 1, 2015: 2, 2016: 3, 2017: 2, 2018: 2},  # Gò Quao
    "908": {2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 1, 2022: 1},  # An Biên
    "909": {2018: 1, 2019: 1, 2020: 1, 2021: 2, 2022: 2, 2023: 2, 2024: 1},  # An Minh
    "910": {2016: 1, 2017: 1, 2018: 2, 2019: 2, 2020: 1},  # Vĩnh Thuận
    "911": {2019: 1, 2020: 1, 2021: 1, 2022: 1, 2023: 1, 2025: 2},  # Phú Quốc
    "912": {2022: 1, 2023: 1, 2025: 2},  # Kiên Hải
    "913": {2017: 1, 2018: 1, 2020: 2, 2021: 1, 2022: 1},  # U Minh Thượng
    "914": {2020: 1, 2022: 1, 2023: 1, 2024: 1, 2025: 1},  # Giang Thành
}

# Xã whose NTM year is fixed rather than drawn: they carry real facts or the story needs them.
_PINNED_NTM_YEAR: dict[str, int] = {
    "30868": 2013,  # Tân Hiệp A: the province's early model commune (notes §3.4)
    "31009": 2019,  # Đông Yên, advanced in 2023 (real): must hold NTM before
    "30814": 2019,  # Hòn Nghệ, advanced in 2023 (real)
    "31030": 2018,  # Đông Thạnh, advanced in 2023 (real)
    "30838": 2017,  # Mỹ Thuận, advanced in 2024 (proposed in the 2024 round)
    "30889": 2014,  # Giục Tượng, advanced in 2024 (proposed)
    "30994": 2017,  # Nam Yên, advanced in 2024 (proposed)
    "30886": 2018,  # Mong Thọ B: the sample withdrawal of 2023
    "30797": 2024,  # Phú Lợi: proposed for NTM in the 2024 round (notes §3.1)
    "31108": 2022,  # Hòn Tre
    "31111": 2023,  # Lại Sơn
    "31114": 2025,  # An Sơn
    "31102": 2025,  # Bãi Thơm
    "31105": 2025,  # Thổ Châu: a remote island, among the last (116/116 by June 2025)
    "31115": 2025,  # Nam Du: island, likewise
}
# The two remote islands start low in 2020 (criteria met) and climb to 19 by 2025.
_ISLAND_STARTS = {"31105": 11, "31115": 13}

# The one sample withdrawal: re-checked in 2023, recognition withdrawn, regained in 2024.
_WITHDRAWN = "30886"
_WITHDRAWN_YEAR = 2023
_WITHDRAWAL_DATE = datetime.date(2023, 9, 15)  # before the 2/11/2023 figure, which it is part of
_WITHDRAWAL_GAPS = frozenset({10, 13, 15, 17})

# Advanced (nâng cao): the five real xã of 2023, the four proposed in 2024 plus one more; the rest
# of the published 19 (2024) and 40 (2025) are drawn from long-standing NTM xã. Kiểu mẫu: two named
# (sample), the rest of the published 5 drawn from xã advanced by 2024.
_ADVANCED_2023 = ("31009", "30814", "31030", "30907", "30931")  # + Thạnh Hưng, Ngọc Thuận
_ADVANCED_2024_NAMED = ("30970", "30838", "30889", "30994", "30868")  # Vĩnh Hòa Hưng Nam … Tân Hiệp A
_ADVANCED_HELD = {figure.results_year: figure.advanced for figure in PUBLISHED if figure.advanced}
_MODEL_YEAR = 2025
_MODEL_NAMED = ("30907", "30868")  # Thạnh Hưng, Tân Hiệp A (sample)

# District-level recognitions by the Prime Minister: the nine of June 2025 (the list as a whole is
# UNCONFIRMED, inferred from separate sources). Unknown numbers are marked "Mẫu"; An Biên "năm 2022"
# and Châu Thành "năm 2024" are as reported, the other assessment years are the sample's.
DISTRICT_RECOGNITIONS = (
    ("904", "district_ntm", 2016, "Mẫu-01/QĐ-TTg", datetime.date(2017, 5, 18)),  # Tân Hiệp
    ("907", "district_ntm", 2018, "Mẫu-02/QĐ-TTg", datetime.date(2019, 6, 12)),  # Gò Quao
    ("906", "district_ntm", 2019, "Mẫu-03/QĐ-TTg", datetime.date(2020, 7, 8)),  # Giồng Riềng
    ("910", "district_ntm", 2020, "669/QĐ-TTg", datetime.date(2022, 6, 2)),  # Vĩnh Thuận (real)
    ("900", "city_task_completed", 2022, "Mẫu-04/QĐ-TTg", datetime.date(2023, 2, 16)),  # Hà Tiên
    ("908", "district_ntm", 2022, "Mẫu-05/QĐ-TTg", datetime.date(2024, 2, 6)),  # An Biên
    ("902", "district_ntm", 2023, "Mẫu-06/QĐ-TTg", datetime.date(2024, 2, 6)),  # Kiên Lương
    ("909", "district_ntm", 2024, "670/QĐ-TTg", datetime.date(2025, 3, 26)),  # An Minh (real)
    ("905", "district_ntm", 2024, "1119/QĐ-TTg", datetime.date(2025, 6, 11)),  # Châu Thành (real)
)

# The day each round of xã decisions opens, by assessment year; it closes on the day of the published
# figure that reports it (PUBLISHED). Rounds before 2020 are decided in the first half of the next year.
_ROUND_OPENS = {
    2020: datetime.date(2020, 11, 2),
    2021: datetime.date(2021, 11, 1),
    2022: datetime.date(2022, 11, 1),
    2023: datetime.date(2023, 5, 2),
    2024: datetime.date(2024, 5, 2),
    2025: datetime.date(2025, 1, 2),
}

_PROVINCE_ISSUER = "UBND tỉnh Kiên Giang"
_PM_ISSUER = "Thủ tướng Chính phủ"
# The real decision: QĐ 1007/QĐ-UBND of 02/05/2019 recognised 7 xã (given to 7 of the 2018 cohort).
_REAL_2018_DECISION = ("1007/QĐ-UBND", datetime.date(2019, 5, 2), 7)

# Province average of 17.7 criteria per xã at the end of 2020 (doanhnghiephoinhap.vn, 2021).
_AVERAGE_2020 = 17.7
# Criteria met in 2020 by xã not yet recognised, by the year they will be.
_START_RANGE = {2021: (15, 18), 2022: (13, 17), 2023: (12, 16), 2024: (12, 15), 2025: (11, 14)}

# Weights: how often a criterion is what keeps a xã from the standard (notes §3.1: income,
# environment and clean water, health insurance) or what a recognised xã loses on re-check
# (notes §4.1: information, health, environment, production, education, defence).
_HARD_CRITERIA = {10: 5, 17: 5, 15: 4, 13: 3, 11: 3}
_OTHER_CRITERIA = {2: 3, 14: 2, 8: 2, 12: 2, 5: 2, 6: 2, 7: 2, 3: 1, 9: 1, 16: 1, 18: 1, 19: 1, 1: 1, 4: 1}
_OFTEN_LOST = {17: 5, 15: 4, 8: 3, 13: 3, 14: 2, 19: 2}
_LOSSES_PER_YEAR = (8, 15)
_FIRST_LOSS_YEAR = 2022

# Sub-indicators reported on a "Chỉ tiêu" sheet in 2024 by a few districts: criterion, the range
# of values when the criterion is met and when it is not (None: this indicator is never the gap).
_INDICATOR_DISTRICTS = ("903", "911", "912", "914")
_INDICATOR_YEAR = 2024
_INDICATOR_RANGES: dict[str, tuple[int, tuple[float, float], tuple[float, float] | None]] = {
    "10": (10, (56.0, 78.0), (42.0, 52.0)),  # income, million VND per head
    "11": (11, (0.8, 3.0), (3.6, 6.5)),  # multidimensional poverty, % (lower is better)
    "15.1": (15, (91.0, 97.5), (80.0, 88.5)),  # health insurance, %
    "15.3": (15, (9.0, 17.5), None),  # stunting, % (≤ 19 % confirmed for the Mekong delta)
    "17.1": (17, (62.0, 95.0), (35.0, 58.0)),  # clean water, %
}

# Only targets with a source (no "average criteria per xã": none was published). The decision that set
# them is UNCONFIRMED, so each says where the figure was read.
_PROVINCE_SCOPE = "Toàn tỉnh"
_PLAN_SOURCE = (
    "Kế hoạch 2021–2025 của tỉnh như báo chí đưa tin (doanhnghiephoinhap.vn, 2021); văn bản giao chỉ tiêu chưa "
    "xác minh (một số nguồn nêu QĐ 1303/QĐ-UBND ngày 30/5/2022)"
)
_DISTRICTS_SOURCE = (
    "Kế hoạch 2021–2025 như báo chí đưa tin năm 2021 (doanhnghiephoinhap.vn): 10 đơn vị; năm 2023 Sở NN&PTNT nêu "
    "lại mục tiêu 7–9 huyện (vccinews.com/news/51112, 16/11/2023); văn bản giao chỉ tiêu chưa xác minh"
)
_EVERY_COMMUNE_SOURCE = (
    "Chỉ tiêu 116/116 xã đạt chuẩn của Kế hoạch 2021–2025 (doanhnghiephoinhap.vn, 2021) áp cho từng huyện; "
    "huyện không có chỉ tiêu riêng trong các nguồn đã đọc"
)


@dataclass(frozen=True)
class District:
    code: str
    name: str  # "Huyện Kiên Lương", "Thành phố Hà Tiên"
    kind: str  # huyện | thành phố

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("Huyện ").removeprefix("Thành phố ")


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # "Xã Kiên Bình"
    district_code: str

    @property
    def bare_name(self) -> str:
        return self.name.removeprefix("Xã ")


@dataclass(frozen=True)
class Recognition:
    unit_code: str
    level: str  # level_code of recognition_levels.csv
    action: str  # recognised | withdrawn
    assessment_year: int
    decision_no: str
    decision_date: datetime.date
    issuer: str


@dataclass(frozen=True)
class _IndicatorValue:
    commune_code: str
    indicator_code: str
    value: float
    met: bool


@dataclass(frozen=True)
class Target:
    scope: str  # as written: "Toàn tỉnh", a district's name
    measure: str  # as written: the measure's name
    base_year: int | None
    base_value: float | None
    target_year: int
    target_value: float
    source: str


@dataclass
class Plan:
    """The whole sample story as plain data; the writers only lay it out."""

    districts: dict[str, District]
    communes: list[Commune]
    first_ntm_year: dict[str, int]
    met: dict[tuple[str, int], frozenset[int]]
    recognitions: list[Recognition]
    indicator_values: list[_IndicatorValue]
    targets: list[Target] = field(default_factory=list)

    def communes_of(self, district_code: str) -> list[Commune]:
        return [c for c in self.communes if c.district_code == district_code]


def read_admin_units() -> tuple[dict[str, District], list[Commune]]:
    districts: dict[str, District] = {}
    communes: list[Commune] = []
    with open(config.REFERENCE_DIR / "admin_units.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["district_code"]
            districts.setdefault(code, District(code, row["district_name"], row["district_kind"]))
            if row["unit_type"] == "xã":
                communes.append(Commune(row["commune_code"], row["commune_name"], code))
    ordered = dict(sorted(districts.items()))
    return ordered, sorted(communes, key=lambda c: (c.district_code, c.code))


def _recognised_by(first_ntm: dict[str, int], code: str, year: int) -> bool:
    """First recognised as NTM with an assessment year up to `year`."""
    return first_ntm[code] <= year


# --- Recognition years -----------------------------------------------------------------------


def _schedule_ntm_years(districts: dict[str, District], communes: list[Commune], rng: random.Random) -> dict[str, int]:
    """Each xã's NTM assessment year, following _NTM_SCHEDULE per district."""
    years: dict[str, int] = {}
    for district_code in districts:
        members = [c.code for c in communes if c.district_code == district_code]
        slots = sorted(year for year, n in _NTM_SCHEDULE[district_code].items() for _ in range(n))
        free = []
        for code in members:
            if code in _PINNED_NTM_YEAR:
                slots.remove(_PINNED_NTM_YEAR[code])
                years[code] = _PINNED_NTM_YEAR[code]
            else:
                free.append(code)
        rng.shuffle(free)
        years.update(zip(free, slots, strict=True))
    return {c.code: years[c.code] for c in communes}


def _choose_advanced(communes: list[Commune], first_ntm: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Advanced recognition year per xã: named ones, then long-standing NTM xã drawn at random."""
    advanced = dict.fromkeys(_ADVANCED_2023, 2023)
    advanced.update(dict.fromkeys(_ADVANCED_2024_NAMED, 2024))
    for year, held in _ADVANCED_HELD.items():
        # Five years of NTM first, so the higher standard is plausible.
        pool = [
            c.code
            for c in communes
            if _recognised_by(first_ntm, c.code, year - 5) and c.code not in advanced and c.code != _WITHDRAWN
        ]
        wanted = held - sum(1 for first in advanced.values() if first <= year)
        advanced.update(dict.fromkeys(rng.sample(pool, wanted), year))
    return advanced


def _choose_model(advanced: dict[str, int], rng: random.Random) -> tuple[str, ...]:
    """Kiểu mẫu xã of 2025: the named ones, then xã advanced by the year before drawn at random."""
    pool = sorted(code for code, year in advanced.items() if year < _MODEL_YEAR and code not in _MODEL_NAMED)
    drawn = rng.sample(pool, _PUBLISHED_BY_YEAR[_MODEL_YEAR].model - len(_MODEL_NAMED))
    return tuple(sorted((*_MODEL_NAMED, *drawn)))


# --- Criteria results ------------------------------------------------------------------------


def _protected_years(
    communes: list[Commune], advanced: dict[str, int], model: tuple[str, ...], district_years: dict[str, int]
) -> set[tuple[str, int]]:
    """(xã, year) pairs that must show 19/19: recognised at some level, or its district is."""
    protected = set(advanced.items())
    protected |= {(code, _MODEL_YEAR) for code in model}
    protected |= {(_WITHDRAWN, _WITHDRAWN_YEAR), (_WITHDRAWN, _WITHDRAWN_YEAR + 1)}
    protected |= {(c.code, district_years[c.district_code]) for c in communes if c.district_code in district_years}
    return protected


def _criteria_losses(
    communes: list[Commune],
    first_ntm: dict[str, int],
    protected: set[tuple[str, int]],
    rng: random.Random,
) -> dict[tuple[str, int], frozenset[int]]:
    """Criteria that recognised xã are found to miss on re-checks (phúc tra), without withdrawal."""
    losses: dict[tuple[str, int], frozenset[int]] = {}
    for year in range(_FIRST_LOSS_YEAR, YEARS[-1] + 1):
        eligible = [
            c.code for c in communes if _recognised_by(first_ntm, c.code, year - 1) and (c.code, year) not in protected
        ]
        for code in sorted(rng.sample(eligible, rng.randint(*_LOSSES_PER_YEAR))):
            lost = 2 if rng.random() < 0.3 else 1
            losses[(code, year)] = frozenset(layout.weighted_sample(rng, _OFTEN_LOST, lost))
    losses[(_WITHDRAWN, _WITHDRAWN_YEAR)] = _WITHDRAWAL_GAPS
    return losses


def _start_counts(communes: list[Commune], first_ntm: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Criteria met in 2020 by each xã not yet recognised, summing to the province's 17.7 average."""
    starts: dict[str, int] = {}
    for c in communes:
        if c.code in _ISLAND_STARTS:
            starts[c.code] = _ISLAND_STARTS[c.code]
        elif first_ntm[c.code] > YEARS[0]:
            starts[c.code] = rng.randint(*_START_RANGE[first_ntm[c.code]])
    recognised = sum(1 for c in communes if _recognised_by(first_ntm, c.code, YEARS[0]))
    wanted = round(_AVERAGE_2020 * len(communes)) - 19 * recognised
    adjustable = sorted(code for code in starts if code not in _ISLAND_STARTS)
    while (gap := wanted - sum(starts.values())) != 0:
        code = rng.choice(adjustable)
        low, high = _START_RANGE[first_ntm[code]]
        step = 1 if gap > 0 else -1
        if low <= starts[code] + step <= high:
            starts[code] += step
    return starts


def _missing_order(rng: random.Random, missing: int) -> list[int]:
    """The criteria a xã misses in 2020, in the order it will meet them: hard ones last."""
    hard = layout.weighted_sample(rng, _HARD_CRITERIA, min(missing, rng.randint(2, 4)))
    other = layout.weighted_sample(rng, _OTHER_CRITERIA, missing - len(hard))
    # The first hard one drawn is the likeliest blocker, so it is the last to be met.
    return other[::-1] + hard[::-1]


def _count_in(year: int, start: int, end_year: int) -> int:
    """Criteria met in a year on a steady climb from 2020 to 19 in end_year (never 19 before it)."""
    return start + (19 - start) * (year - YEARS[0]) // (end_year - YEARS[0])


def _criteria_met(
    communes: list[Commune],
    first_ntm: dict[str, int],
    losses: dict[tuple[str, int], frozenset[int]],
    rng: random.Random,
) -> dict[tuple[str, int], frozenset[int]]:
    """The criteria each xã meets each year: 19 once recognised, less any re-check losses."""
    starts = _start_counts(communes, first_ntm, rng)
    met: dict[tuple[str, int], frozenset[int]] = {}
    for c in communes:
        start = starts.get(c.code)
        order = _missing_order(rng, 19 - start) if start is not None else []
        for year in YEARS:
            if start is not None and year < first_ntm[c.code]:
                missing = frozenset(order[_count_in(year, start, first_ntm[c.code]) - start :])
            else:
                missing = losses.get((c.code, year), frozenset())
            met[(c.code, year)] = _ALL_CRITERIA - missing
    return met


# --- Recognition decisions -------------------------------------------------------------------


def _decision_date(rng: random.Random, assessment_year: int) -> datetime.date:
    """A day of the round that decides assessment year Y: from its opening (_ROUND_OPENS) to the
    published figure that reports it; before 2020, the first half of Y+1. The last round closes on
    30/6/2025, Kiên Giang's last day before it merged into An Giang."""
    if assessment_year not in _ROUND_OPENS:
        return datetime.date(assessment_year + 1, rng.randint(1, 6), rng.randint(1, 28))
    opens, closes = _ROUND_OPENS[assessment_year], _PUBLISHED_BY_YEAR[assessment_year].as_of
    return opens + datetime.timedelta(days=rng.randint(0, (closes - opens).days))


def _batches(rng: random.Random, codes: Sequence[str], largest: int) -> list[list[str]]:
    """Split xã into the groups a province recognises with one decision each."""
    batches, rest = [], list(codes)
    while rest:
        size = rng.randint(min(3, len(rest)), largest)
        batches.append(rest[:size])
        rest = rest[size:]
    return batches


def _commune_decisions(
    rng: random.Random, level: str, by_year: dict[int, list[str]], used: set[str], largest: int = 6
) -> list[Recognition]:
    events = []

    def decide(codes: list[str], year: int, number: str, date: datetime.date) -> None:
        for code in codes:
            events.append(Recognition(code, level, "recognised", year, number, date, _PROVINCE_ISSUER))

    for year, codes in sorted(by_year.items()):
        rest = list(codes)
        if level == "ntm" and year == 2018:
            number, date, count = _REAL_2018_DECISION
            decide(rest[:count], year, number, date)
            used.add(number)
            rest = rest[count:]
        for batch in _batches(rng, rest, largest):
            decide(batch, year, _sample_decision_no(rng, used), _decision_date(rng, year))
    return events


def _sample_decision_no(rng: random.Random, used: set[str]) -> str:
    while (number := f"{rng.randint(120, 2980)}/QĐ-UBND") in used:
        pass
    used.add(number)
    return number


def _commune_recognitions(
    communes: list[Commune],
    first_ntm: dict[str, int],
    advanced: dict[str, int],
    model: tuple[str, ...],
    rng: random.Random,
) -> list[Recognition]:
    """NTM, advanced and model decisions for xã, the withdrawal and its re-recognition."""
    ntm_years: dict[int, list[str]] = {}
    for c in communes:
        ntm_years.setdefault(first_ntm[c.code], []).append(c.code)
    ntm_years[_WITHDRAWN_YEAR + 1].append(_WITHDRAWN)
    advanced_years: dict[int, list[str]] = {}
    for code, year in sorted(advanced.items(), key=lambda item: (item[1], item[0])):
        advanced_years.setdefault(year, []).append(code)
    used: set[str] = set()
    events = _commune_decisions(rng, "ntm", ntm_years, used)
    withdrawal_no = _sample_decision_no(rng, used)
    events.append(
        Recognition(
            _WITHDRAWN,
            "ntm",
            "withdrawn",
            _WITHDRAWN_YEAR,
            withdrawal_no,
            _WITHDRAWAL_DATE,
            _PROVINCE_ISSUER,
        )
    )
    events += _commune_decisions(rng, "ntm_advanced", advanced_years, used, largest=10)
    events += _commune_decisions(rng, "ntm_model", {_MODEL_YEAR: list(model)}, used)
    return events


def _district_recognitions() -> list[Recognition]:
    return [
        Recognition(code, level, "recognised", year, number, date, _PM_ISSUER)
        for code, level, year, number, date in DISTRICT_RECOGNITIONS
    ]


# --- Sub-indicators and targets --------------------------------------------------------------


def _indicator_values(
    communes: list[Commune], met: dict[tuple[str, int], frozenset[int]], rng: random.Random
) -> list[_IndicatorValue]:
    """Values on the 2024 "Chỉ tiêu" sheets, consistent with the criteria met that year."""
    values = []
    for c in communes:
        if c.district_code not in _INDICATOR_DISTRICTS:
            continue
        criteria = met[(c.code, _INDICATOR_YEAR)]
        for code, (criterion, good, bad) in _INDICATOR_RANGES.items():
            ok = criterion in criteria or bad is None
            low, high = good if ok else bad
            values.append(_IndicatorValue(c.code, code, round(rng.uniform(low, high), 1), ok))
    return values


def _ntm_held(plan: Plan, year: int, district_code: str | None = None) -> int:
    """Xã holding NTM at the end of a year (the withdrawal counts only from its year)."""
    return sum(
        1
        for c in plan.communes
        if _recognised_by(plan.first_ntm_year, c.code, year)
        and (district_code is None or c.district_code == district_code)
        and not (c.code == _WITHDRAWN and year == _WITHDRAWN_YEAR)
    )


def _targets(plan: Plan) -> list[Target]:
    """The province's 2025 targets as reported, from the published figures of 2020; for each district
    not complete in 2020, all its xã (the province's 116/116 said district by district)."""
    base, end = YEARS[0], YEARS[-1]
    start = _PUBLISHED_BY_YEAR[base]
    targets = [
        Target(_PROVINCE_SCOPE, measure, base, value, end, target, source)
        for measure, value, target, source in (
            ("Số xã đạt chuẩn nông thôn mới", start.ntm, len(plan.communes), _PLAN_SOURCE),
            # None before the first five of 2023.
            ("Số xã đạt chuẩn nông thôn mới nâng cao", 0, 30, _PLAN_SOURCE),
            ("Số xã nông thôn mới kiểu mẫu", 0, 15, _PLAN_SOURCE),
            ("Số đơn vị cấp huyện đạt chuẩn/hoàn thành nhiệm vụ xây dựng NTM", start.districts, 10, _DISTRICTS_SOURCE),
        )
    ]
    for code, district in plan.districts.items():
        held, size = _ntm_held(plan, base, code), len(plan.communes_of(code))
        if held < size:
            measure = "Số xã đạt chuẩn nông thôn mới"
            targets.append(Target(district.name, measure, base, held, end, size, _EVERY_COMMUNE_SOURCE))
    return targets


def build_plan() -> Plan:
    """The sample story: who meets which criterion, who is recognised when, and the targets."""
    districts, communes = read_admin_units()
    first_ntm = _schedule_ntm_years(districts, communes, layout.rng("schedule"))
    advanced = _choose_advanced(communes, first_ntm, layout.rng("advanced"))
    model = _choose_model(advanced, layout.rng("model"))
    district_years = {code: year for code, _level, year, _no, _date in DISTRICT_RECOGNITIONS}
    protected = _protected_years(communes, advanced, model, district_years)
    losses = _criteria_losses(communes, first_ntm, protected, layout.rng("losses"))
    met = _criteria_met(communes, first_ntm, losses, layout.rng("criteria"))
    recognitions = _commune_recognitions(communes, first_ntm, advanced, model, layout.rng("decisions"))
    recognitions += _district_recognitions()
    recognitions.sort(key=lambda r: (r.assessment_year, r.decision_date, r.unit_code, r.level))
    indicator_values = _indicator_values(communes, met, layout.rng("indicators"))
    plan = Plan(districts, communes, first_ntm, met, recognitions, indicator_values)
    plan.targets = _targets(plan)
    return plan


# --- Writing workbooks -----------------------------------------------------------------------

LEVEL_WORDS = {
    "ntm": "Nông thôn mới",
    "ntm_advanced": "Nông thôn mới nâng cao",
    "ntm_model": "Nông thôn mới kiểu mẫu",
    "district_ntm": "Huyện nông thôn mới",
    "city_task_completed": "Hoàn thành nhiệm vụ xây dựng nông thôn mới",
}
_ACTION_WORDS = {"recognised": "Công nhận", "withdrawn": "Thu hồi"}
# "Hình thức" is also how a decision's kind is headed (công nhận, kết quả rà soát …): this header says
# only recognised or withdrawn.
_ACTION_HEADER = "Công nhận/Thu hồi"
_CRITERIA_TITLE = "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}"
_RECOGNITIONS_TITLE = "DANH SÁCH QUYẾT ĐỊNH CÔNG NHẬN ĐẠT CHUẨN NÔNG THÔN MỚI"
_TARGETS_TITLE = "CHỈ TIÊU KẾ HOẠCH XÂY DỰNG NÔNG THÔN MỚI GIAI ĐOẠN 2021–2025"


def _marks(criteria: frozenset[int], met: str | int, not_met: str | int | None) -> list[str | int | None]:
    return [met if n in criteria else not_met for n in CRITERIA]


def _write_canonical(plan: Plan, year: int, path: Path) -> Path:
    """The template layout: codes as text, "x" for met; 2025 adds a Năm column and 1/0 marks."""
    with_year = year == YEARS[-1]
    met_mark, not_met_mark = (1, 0) if with_year else ("x", None)
    labels = ["STT", *(["Năm"] if with_year else []), "Mã xã", "Tên xã", "Huyện"]
    labels += [f"TC{n}" for n in CRITERIA] + ["Tổng số tiêu chí đạt"]
    workbook, sheet = layout.new_workbook("Tiêu chí")
    layout.title(sheet, 1, _CRITERIA_TITLE.format(year=year), len(labels))
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, len(labels), bold=False)
    layout.header(sheet, 4, labels)
    for row_no, commune in enumerate(plan.communes, start=1):
        criteria = plan.met[(commune.code, year)]
        district = plan.districts[commune.district_code]
        sheet.append(
            [
                row_no,
                *([year] if with_year else []),
                commune.code,
                commune.name,
                district.name,
                *_marks(criteria, met_mark, not_met_mark),
                len(criteria),
            ]
        )
    fixed = len(labels) - 20
    layout.widths(sheet, len(labels), 5, {fixed - 1: 22, fixed: 22})
    sheet.freeze_panes = sheet.cell(row=5, column=fixed + 1)
    return layout.save(workbook, path)


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text, number = text + letters, number - value
    return text


def _write_province_report(plan: Plan, year: int, path: Path) -> Path:
    """The province summary a district report would be merged into: names only, section rows
    with Roman numerals per district, a merged two-row header, "Đạt"/"Chưa đạt", totals and
    a signature block."""
    rng = layout.rng(f"layout:{year}")
    last = 2 + len(CRITERIA) + 1
    workbook, sheet = layout.new_workbook("Biểu tổng hợp")
    layout.title(sheet, 1, "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", 6)
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, 6, bold=False)
    layout.title(sheet, 3, f"BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}", last)
    layout.title(sheet, 4, "(Kèm theo Báo cáo số Mẫu/BC-UBND của Ủy ban nhân dân tỉnh)", last, bold=False)
    layout.header(sheet, 6, ["STT", "Tên xã", "Kết quả thực hiện các tiêu chí"])
    sheet.cell(row=6, column=last, value="Tổng số tiêu chí đạt").font = layout.BOLD
    layout.header(sheet, 7, ["", "", *CRITERIA])
    for column in (1, 2, last):
        sheet.merge_cells(start_row=6, start_column=column, end_row=7, end_column=column)
    sheet.merge_cells(start_row=6, start_column=3, end_row=6, end_column=last - 1)
    layout.header(sheet, 8, [f"({n})" for n in range(1, last + 1)])
    for section, district in enumerate(plan.districts.values(), start=1):
        sheet.append([_roman(section), district.name])
        sheet.cell(row=sheet.max_row, column=1).font = layout.BOLD
        sheet.cell(row=sheet.max_row, column=2).font = layout.BOLD
        for row_no, commune in enumerate(plan.communes_of(district.code), start=1):
            criteria = plan.met[(commune.code, year)]
            marks = _marks(criteria, "Đạt", "Chưa đạt")
            sheet.append([row_no, layout.typed_name(commune.name, rng), *marks, len(criteria)])
    meeting = [sum(1 for c in plan.communes if n in plan.met[(c.code, year)]) for n in CRITERIA]
    sheet.append([None, "Tổng cộng", *meeting])
    sheet.cell(row=sheet.max_row, column=2).font = layout.BOLD
    layout.signature_block(sheet, last)
    layout.widths(sheet, last, 8, {1: 6, 2: 24, last: 12})
    return layout.save(workbook, path)


@dataclass(frozen=True)
class _DistrictFileStyle:
    """How one district's clerk laid out the 2024 report."""

    name_form: str  # nfc | nfd | old_tone
    met_mark: str | int
    not_met_mark: str | int | None
    with_code: bool
    with_total: bool
    full_district_name: bool
    sheet_name: str
    name_header: str
    district_header: str
    header_row: int
    criterion_headers: tuple[str, ...]


_MARK_STYLES: tuple[tuple[str | int, str | int | None], ...] = (
    ("✓", "-"),
    (1, 0),
    ("X", "-"),
    ("X", None),
    ("✓", None),
)


def _district_file_style(index: int, rng: random.Random, names: dict[int, str]) -> _DistrictFileStyle:
    # Name forms and marks cycle through the files so every variant appears at least once.
    met_mark, not_met_mark = _MARK_STYLES[index % len(_MARK_STYLES)]
    name_form = layout.NAME_FORMS[index % len(layout.NAME_FORMS)]
    return _DistrictFileStyle(
        name_form=name_form,
        met_mark=met_mark,
        not_met_mark=not_met_mark,
        # Codes only in some plain files: NFD and old-tone names are there to be matched by name.
        with_code=name_form == "nfc" and rng.random() < 0.5,
        with_total=rng.random() < 0.6,
        full_district_name=rng.random() < 0.6,
        sheet_name=rng.choice(("Bao cao", "Bao cao", "Báo cáo", "BC")),
        name_header=rng.choice(("Tên xã", "Xã", "Đơn vị")),
        district_header=rng.choice(("Huyện", "Huyện/thành phố")),
        header_row=rng.choice((4, 5)),
        criterion_headers=tuple(layout.criterion_header(rng, n, names) for n in CRITERIA),
    )


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def _criterion_names() -> dict[int, str]:
    with open(config.REFERENCE_DIR / "criteria.csv", encoding="utf-8", newline="") as handle:
        return {int(row["criterion_no"]): row["name_vi"] for row in csv.DictReader(handle)}


def _write_district_report(plan: Plan, district: District, style: _DistrictFileStyle, path: Path) -> Path:
    """One district's 2024 report: year only in the title, names only (or with codes), mixed
    header spellings and marks, names in NFD or with old tone placement."""
    year = _INDICATOR_YEAR
    labels = ["TT" if style.with_code else "STT", *(["Mã ĐVHC"] if style.with_code else [])]
    labels += [style.name_header, style.district_header, *style.criterion_headers]
    labels += ["Số TC đạt"] if style.with_total else []
    district_name = district.name if style.full_district_name else district.short_name
    workbook, sheet = layout.new_workbook(style.sheet_name)
    layout.title(sheet, 1, f"UBND {district.name.upper()}", 5)
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, 5, bold=False)
    title = f"BÁO CÁO KẾT QUẢ THỰC HIỆN TIÊU CHÍ XÃ NÔNG THÔN MỚI {district.name.upper()} NĂM {year}"
    layout.title(sheet, 3, title, len(labels))
    layout.header(sheet, style.header_row, labels)
    for row_no, commune in enumerate(plan.communes_of(district.code), start=1):
        criteria = plan.met[(commune.code, year)]
        sheet.append(
            [
                row_no,
                *([commune.code] if style.with_code else []),
                layout.written_name(commune.name, style.name_form),
                layout.written_name(district_name, style.name_form),
                *_marks(criteria, style.met_mark, style.not_met_mark),
                *([len(criteria)] if style.with_total else []),
            ]
        )
    fixed = 4 if style.with_code else 3
    layout.widths(sheet, len(labels), 9, {fixed - 1: 22, fixed: 20})
    if district.code in _INDICATOR_DISTRICTS:
        _write_indicator_sheet(workbook, plan, district, style.name_form)
    return layout.save(workbook, path)


def _write_indicator_sheet(workbook: Workbook, plan: Plan, district: District, name_form: str) -> None:
    sheet = workbook.create_sheet("Chỉ tiêu")
    labels = ["Mã xã", "Tên xã", "Mã chỉ tiêu", "Giá trị", "Đánh giá"]
    layout.title(sheet, 1, f"GIÁ TRỊ MỘT SỐ CHỈ TIÊU NĂM {_INDICATOR_YEAR} – {district.name.upper()}", len(labels))
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, len(labels), bold=False)
    layout.header(sheet, 4, labels)
    names = {c.code: c.name for c in plan.communes_of(district.code)}
    for value in plan.indicator_values:
        if value.commune_code in names:
            # Indicator codes as text: typed as numbers, "17.10" would become 17.1.
            sheet.append(
                [
                    value.commune_code,
                    layout.written_name(names[value.commune_code], name_form),
                    value.indicator_code,
                    value.value,
                    "Đạt" if value.met else "Chưa đạt",
                ]
            )
    layout.widths(sheet, len(labels), 12, {2: 22})


@dataclass(frozen=True)
class DecisionRow:
    """A row of a recognitions workbook, as written."""

    unit_code: str
    unit_name: str
    district: str | None  # the xã's district; none for a district, nor for any unit since 1/7/2025
    level: str  # level_code of recognition_levels.csv
    form: str  # under the form header: recognised or withdrawn, or the decision's kind
    assessment_year: int
    decision_no: str
    decision_date: datetime.date
    issuer: str


# Column widths by header; the others get the default.
_DECISION_WIDTHS = {
    "STT": 5,
    "Tên đơn vị": 24,
    "Huyện": 22,
    "Mức công nhận": 30,
    "Số quyết định": 16,
    "Cơ quan ban hành": 22,
}


def write_recognitions(rows: Sequence[DecisionRow], title: str, sheet_name: str, form_header: str, path: Path) -> Path:
    """A recognitions workbook, one row per decision on a unit; a district column when a row has one."""
    with_district = any(row.district for row in rows)
    labels = ["STT", "Mã đơn vị", "Tên đơn vị", *(["Huyện"] if with_district else []), "Mức công nhận", form_header]
    labels += ["Năm đạt chuẩn", "Số quyết định", "Ngày quyết định", "Cơ quan ban hành"]
    workbook, sheet = layout.new_workbook(sheet_name)
    layout.title(sheet, 1, title, len(labels))
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, len(labels), bold=False)
    layout.header(sheet, 4, labels)
    date_column = labels.index("Ngày quyết định") + 1
    for row_no, row in enumerate(rows, start=1):
        sheet.append(
            [
                row_no,
                row.unit_code,
                row.unit_name,
                *([row.district] if with_district else []),
                LEVEL_WORDS[row.level],
                row.form,
                row.assessment_year,
                row.decision_no,
                row.decision_date,
                row.issuer,
            ]
        )
        sheet.cell(row=sheet.max_row, column=date_column).number_format = "dd/mm/yyyy"
    wide = {column: _DECISION_WIDTHS[name] for column, name in enumerate(labels, start=1) if name in _DECISION_WIDTHS}
    layout.widths(sheet, len(labels), 12, wide)
    return layout.save(workbook, path)


def _decision_rows(plan: Plan) -> list[DecisionRow]:
    communes = {c.code: c for c in plan.communes}
    rows = []
    for event in plan.recognitions:
        if event.unit_code in communes:
            commune = communes[event.unit_code]
            name, district = commune.name, plan.districts[commune.district_code].name
        else:
            name, district = plan.districts[event.unit_code].name, None
        rows.append(
            DecisionRow(
                event.unit_code,
                name,
                district,
                event.level,
                _ACTION_WORDS[event.action],
                event.assessment_year,
                event.decision_no,
                event.decision_date,
                event.issuer,
            )
        )
    return rows


def write_targets(targets: Sequence[Target], title: str, sheet_name: str, path: Path) -> Path:
    """A targets workbook in the dataset's columns, one row per target."""
    labels = [
        "STT",
        "Phạm vi",
        "Chỉ tiêu",
        "Năm cơ sở",
        "Giá trị năm cơ sở",
        "Năm mục tiêu",
        "Giá trị mục tiêu",
        "Văn bản",
    ]
    workbook, sheet = layout.new_workbook(sheet_name)
    layout.title(sheet, 1, title, len(labels))
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, len(labels), bold=False)
    layout.header(sheet, 4, labels)
    for row_no, target in enumerate(targets, start=1):
        sheet.append(
            [
                row_no,
                target.scope,
                target.measure,
                target.base_year,
                target.base_value,
                target.target_year,
                target.target_value,
                target.source,
            ]
        )
    layout.widths(sheet, len(labels), 11, {1: 5, 2: 20, 3: 52, 8: 60})
    return layout.save(workbook, path)


def write(out_dir: Path) -> list[Path]:
    """Write the programme's sample workbooks into out_dir; their paths in the order to load them."""
    out_dir = Path(out_dir)
    plan = build_plan()
    paths = [_write_canonical(plan, year, out_dir / f"tieu_chi_{year}.xlsx") for year in YEARS[:3]]
    paths.append(_write_province_report(plan, 2023, out_dir / "tieu_chi_2023_toan_tinh.xlsx"))
    layout_rng, names = layout.rng("layout:2024"), _criterion_names()
    for index, district in enumerate(plan.districts.values()):
        style = _district_file_style(index, layout_rng, names)
        path = out_dir / f"tieu_chi_2024_{_ascii_slug(district.short_name)}.xlsx"
        paths.append(_write_district_report(plan, district, style, path))
    paths.append(_write_canonical(plan, 2025, out_dir / "tieu_chi_2025.xlsx"))
    rows, recognitions = _decision_rows(plan), out_dir / "quyet_dinh_cong_nhan.xlsx"
    paths.append(write_recognitions(rows, _RECOGNITIONS_TITLE, "Công nhận", _ACTION_HEADER, recognitions))
    paths.append(write_targets(plan.targets, _TARGETS_TITLE, "Kế hoạch 2021-2025", out_dir / "chi_tieu_ke_hoach.xlsx"))
    return paths
