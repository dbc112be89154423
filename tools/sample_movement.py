"""Sample workbooks of the emulation movement (2021–2025) and of the agencies' reports on the
province's January 2024 directive, written beside the NTM samples by ``tools.sample_workbooks``.

Real: the directive of the provincial UBND (…/UBND-KGVX, January 2024, following Notice
3393/TB-BTĐKT of 17/11/2023) and its five sections as tasks, with the agencies it names (section 2
a request, "Đề nghị", to the Fatherland Front and the organisations); its number and day are not in
the text and stay unknown. Reports of periods ending after the 1/3/2025 mergers come from the
merged departments (agency_successions.csv). The commendations of the An Biên ceremony
of 18/3/2024 (sggp.org.vn; count and decision unknown) and the Tân Hiệp A model (residents'
signed commitments; hdtdkt.kiengiang.gov.vn, 20/10/2019). Everything else is made up, marked as
sample: the tasks' reporting cycles (the directive sets none), every report and its timing,
every amount mobilised, the other commendations and models, and a second directive "Mẫu-01".

As in ``tools.sample_workbooks`` the story is plain data built first (``build_story``) and the writers only
lay it out, untidily; one seeded generator per purpose keeps the files identical run to run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ntm import periods, reference
from ntm.agencies import Successions
from tools import sample_layout as layout
from tools import sample_workbooks as programme

_BY_2025_MERGER = dt.date(2025, 6, 30)  # Kiên Giang's last day as a province (admin_units.csv valid_to)
REAL_DIRECTIVE = "CV triển khai TB 3393"
SAMPLE_DIRECTIVE = "Mẫu-01/KH-UBND"
_REAL_SOURCE = (
    "Văn bản thật của UBND tỉnh (bản lưu chưa ghi số và ngày); chu kỳ báo cáo của các nhiệm vụ là giả định của "
    "dữ liệu mẫu, văn bản không quy định"
)


@dataclass(frozen=True)
class Directive:
    code: str
    number: str
    issued: str  # as written on the document
    issuer: str
    signer: str | None
    subject: str
    basis: str | None
    source: str


@dataclass(frozen=True)
class Task:
    directive: str
    number: str
    content: str
    responsible: str  # as written: names or groups
    coordinating: str | None
    cycle: str  # as written
    deadline: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    # The agencies that must report, and the periods (codes; "once" for a one-off task) they owe.
    reporters: tuple[str, ...] = ()
    periods: tuple[tuple[str, dt.date], ...] = ()
    kind: str = "Giao nhiệm vụ"  # as written; "Đề nghị" for a request


@dataclass(frozen=True)
class Report:
    agency: str  # code
    directive: str
    task: str
    period: str  # code
    received: dt.date
    status: str  # as written
    document_no: str
    figures: dict = field(default_factory=dict)
    summary: str = ""


@dataclass(frozen=True)
class Contribution:
    scope: str  # district code, or "province"
    year: int
    amounts: dict[str, int]  # item code -> triệu đồng (land in m², work days in days)


@dataclass(frozen=True)
class Commendation:
    decision_no: str | None
    decision_date: dt.date | None
    year: int
    level: str  # as written
    form: str
    recipient_type: str
    recipient: str
    recipients: int | str | None
    district: str | None
    commune: str | None
    reason: str
    note: str | None = None


@dataclass(frozen=True)
class Model:
    name: str
    field: str  # as written
    district: str | None
    commune: str | None
    owner: str
    year: int
    description: str
    replicated: str | None
    replicated_where: str | None


@dataclass
class Story:
    directives: list[Directive]
    tasks: list[Task]
    reports: list[Report]
    contributions: list[Contribution]
    commendations: list[Commendation]
    models: list[Model]
    agency_names: dict[str, str]


# --- The directives and their tasks ----------------------------------------------------------


def _directives() -> list[Directive]:
    return [
        Directive(
            REAL_DIRECTIVE,
            "Số: /UBND-KGVX",
            "ngày tháng 01 năm 2024",
            "UBND tỉnh Kiên Giang",
            "KT. Chủ tịch – Phó Chủ tịch Nguyễn Lưu Trung",
            "V/v triển khai thực hiện kiến nghị sau giám sát phong trào thi đua “Cả nước chung sức xây dựng nông "
            "thôn mới” giai đoạn 2021-2025 tại tỉnh Kiên Giang năm 2023",
            "Thông báo số 3393/TB-BTĐKT ngày 17/11/2023 của Ban Thi đua - Khen thưởng Trung ương",
            _REAL_SOURCE,
        ),
        Directive(
            SAMPLE_DIRECTIVE,
            SAMPLE_DIRECTIVE,
            dt.date(2024, 10, 15).strftime("%d/%m/%Y"),
            "UBND tỉnh Kiên Giang",
            None,
            "(Mẫu) Kế hoạch tổng kết Phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” giai đoạn "
            "2021–2025",
            None,
            "Dữ liệu mẫu: văn bản giả định, không có thật",
        ),
    ]


# (number, content, responsible as written, coordinating as written, cycle as written, deadline)
_REAL_TASKS = (
    (
        "1",
        "Quán triệt Thông báo số 3393/TB-BTĐKT ngày 17/11/2023 đến đội ngũ cán bộ, công chức, viên chức trực tiếp "
        "tham mưu thực hiện các chỉ tiêu, nhiệm vụ xây dựng nông thôn mới; tiếp tục tổ chức thực hiện có hiệu quả "
        "phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” giai đoạn 2021–2025.",
        "Các sở, ban, ngành, đoàn thể cấp tỉnh; UBND các huyện, thành phố",
        None,
        "6 tháng",
    ),
    (
        "2",
        "Tiếp tục triển khai sâu rộng, hưởng ứng phong trào, lồng ghép vào các cuộc vận động, phong trào của ngành "
        "dọc; vận động đoàn viên, hội viên và Nhân dân; phát hiện, giới thiệu, nhân rộng các mô hình, điển hình tiên "
        "tiến, cách làm sáng tạo, hiệu quả.",
        "Ủy ban MTTQ Việt Nam và các tổ chức chính trị – xã hội của tỉnh",
        None,
        "6 tháng",
    ),
    (
        "3",
        "Phối hợp Sở Nội vụ tăng cường kiểm tra các ngành, địa phương; sơ kết, tổng kết phong trào; khen thưởng theo "
        "thẩm quyền và đề xuất cấp trên khen thưởng các điển hình tiên tiến, các tập thể, cá nhân đóng góp đất đai, "
        "tiền xây dựng nông thôn mới.",
        "Sở NN&PTNT",
        "VPĐP NTM tỉnh, Sở Nội vụ",
        "Hàng quý",
    ),
    (
        "4",
        "Phối hợp Báo Kiên Giang, Đài Phát thanh và Truyền hình Kiên Giang, Cổng Thông tin điện tử tỉnh và hệ thống "
        "thông tin cơ sở đẩy mạnh tuyên truyền về phong trào thi đua, chủ trương của Đảng, Nhà nước về Chương trình "
        "xây dựng nông thôn mới và kết quả thực hiện của tỉnh.",
        "Sở Thông tin và Truyền thông",
        "Báo Kiên Giang; Đài PT-TH Kiên Giang; Cổng TTĐT tỉnh",
        "Hàng quý",
    ),
    (
        "5",
        "Bồi dưỡng chuyên môn, nghiệp vụ cho đội ngũ làm công tác thi đua, khen thưởng các cấp; hàng năm thẩm định, "
        "đề xuất Chủ tịch UBND tỉnh khen thưởng các xã được công nhận đạt chuẩn nông thôn mới; phối hợp trao đổi "
        "thông tin với Ban Thi đua – Khen thưởng Trung ương.",
        "Sở Nội vụ",
        "Sở Nông nghiệp và Phát triển nông thôn; Văn phòng Điều phối nông thôn mới tỉnh",
        "Hàng năm",
    ),
)
_SAMPLE_TASKS = (
    (
        "1",
        "(Mẫu) Tổng kết phong trào thi đua giai đoạn 2021–2025 ở cấp huyện; gửi báo cáo tổng kết và đề xuất khen "
        "thưởng.",
        "UBND các huyện, thành phố",
        None,
        dt.date(2025, 3, 31),
    ),
    (
        "2",
        "(Mẫu) Tổng hợp báo cáo tổng kết của các huyện, sở, ngành; trình khen thưởng tổng kết phong trào.",
        "Sở Nội vụ",
        "Sở NN&PTNT; VPĐP NTM",
        dt.date(2025, 4, 30),
    ),
)
# Who reports on each real task (agency groups and codes as in data/reference).
_REAL_REPORTERS = {
    "1": ("provincial_agencies", "district_committees"),
    "2": ("front_and_organisations",),
    "3": ("SNNPTNT",),
    "4": ("STTTT",),
    "5": ("SNV",),
}
_CYCLES = {"6 tháng": "six_monthly", "Hàng quý": "quarterly", "Hàng năm": "yearly"}
_REQUESTS = {"2"}  # "Đề nghị Ủy ban MTTQ Việt Nam và các tổ chức chính trị – xã hội của tỉnh …"


def _members(names: tuple[str, ...]) -> tuple[str, ...]:
    """Agency codes of groups (by their kinds, as agency_groups.csv declares) and single codes."""
    agencies = reference.rows("agency")
    kinds = {row["group_code"]: row["kinds"].split("|") for row in reference.rows("agency_group")}
    codes: list[str] = []
    for name in names:
        codes += [row["agency_code"] for row in agencies if row["kind"] in kinds[name]] if name in kinds else [name]
    return tuple(codes)


def _tasks() -> list[Task]:
    start = dt.date(2024, 1, 1)  # the directive's month: its day is unknown
    tasks = []
    for number, content, responsible, coordinating, cycle in _REAL_TASKS:
        owed = periods.periods_of(_CYCLES[cycle], start, _BY_2025_MERGER)
        tasks.append(
            Task(
                REAL_DIRECTIVE,
                number,
                content,
                responsible,
                coordinating,
                cycle,
                None,
                None,
                _BY_2025_MERGER,
                _members(_REAL_REPORTERS[number]),
                tuple((p.code, p.end) for p in owed),
                "Đề nghị" if number in _REQUESTS else "Giao nhiệm vụ",
            )
        )
    for number, content, responsible, coordinating, deadline in _SAMPLE_TASKS:
        reporters = _members(("district_committees",) if number == "1" else ("SNV",))
        tasks.append(
            Task(
                SAMPLE_DIRECTIVE,
                number,
                content,
                responsible,
                coordinating,
                "Một lần",
                deadline,
                None,
                None,
                reporters,
                ((periods.ONCE, deadline),),
            )
        )
    return tasks


# --- Reports ---------------------------------------------------------------------------------

# How punctual an agency is: (share of agencies, days after the period's end a report comes:
# lowest, highest, chance that a report never comes).
_HABITS = (("prompt", 0.6, (-4, 13), 0.02), ("slow", 0.3, (3, 40), 0.06), ("late", 0.1, (12, 75), 0.2))
# From April 2025 the province prepared its merger with An Giang: reports of the last periods
# came later, or not at all.
_LAST_PERIODS = {"2025-H1", "2025-Q2", "2025-Q1"}
_MERGER_DELAY, _MERGER_MISSING = 12, 0.2


def _habits(agencies: list[str], rng: random.Random) -> dict[str, tuple]:
    habits = {}
    for code in agencies:
        draw, total = rng.random(), 0.0
        for _name, share, days, missing in _HABITS:
            total += share
            if draw < total:
                habits[code] = (days, missing)
                break
    return habits


def _figures(task: Task, rng: random.Random, communes_recognised: int) -> tuple[dict, str]:
    """Key figures and the report's text, as each kind of task reports them."""
    if task.directive == SAMPLE_DIRECTIVE:
        proposed = rng.randint(8, 30)
        return {"commendations_proposed": proposed}, (
            f"Báo cáo tổng kết phong trào giai đoạn 2021–2025; đề xuất khen thưởng {proposed} tập thể, cá nhân."
        )
    sessions, people = rng.randint(1, 4), rng.randint(40, 320)
    if task.number == "1":
        return {"training_sessions": sessions, "participants": people}, (
            f"Đã tổ chức {sessions} hội nghị quán triệt Thông báo 3393/TB-BTĐKT cho {people} lượt cán bộ, công chức; "
            "tiếp tục triển khai phong trào tại cơ quan, địa phương."
        )
    if task.number == "2":
        found = rng.randint(2, 12)
        return {"models_introduced": found, "participants": people * 10}, (
            "Lồng ghép phong trào vào cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”; "
            f"giới thiệu {found} mô hình, điển hình; {people * 10} lượt đoàn viên, hội viên tham gia."
        )
    if task.number == "3":
        visits, proposed = rng.randint(1, 5), rng.randint(5, 40)
        return {"inspections": visits, "commendations_proposed": proposed}, (
            f"Tổ chức {visits} cuộc kiểm tra tại các huyện; đề xuất khen thưởng {proposed} tập thể, cá nhân, hộ gia "
            "đình đóng góp đất đai, tiền xây dựng nông thôn mới."
        )
    if task.number == "4":
        articles = rng.randint(25, 90)
        return {"articles": articles}, (
            f"Đăng {articles} tin, bài về phong trào thi đua trên Báo Kiên Giang, Đài PT-TH Kiên Giang, Cổng TTĐT tỉnh "
            "và hệ thống thông tin cơ sở."
        )
    return {"training_sessions": sessions, "participants": people, "commendations_proposed": communes_recognised}, (
        f"Tổ chức {sessions} lớp bồi dưỡng nghiệp vụ thi đua, khen thưởng cho {people} lượt cán bộ; thẩm định, trình "
        f"khen thưởng {communes_recognised} xã được công nhận đạt chuẩn nông thôn mới."
    )


def _status(task: Task, period: str, rng: random.Random) -> str:
    """A periodic task is ongoing until its last period; a one-off or yearly report says it is done."""
    if task.periods[-1][0] == period or task.cycle in ("Một lần", "Hàng năm"):
        return "Hoàn thành"
    if rng.random() < 0.04:
        return "Chưa thực hiện"
    return rng.choice(("Đang thực hiện", "Đang thực hiện", "Đang triển khai"))


def _reports(tasks: list[Task], communes_recognised: int) -> list[Report]:
    """Each period's reports, from the agencies in office on its last day (one merged department
    for the two it replaced)."""
    rng = layout.rng("movement:reports")
    successions = Successions.from_reference()
    reporters = {
        (task.directive, task.number, period): tuple(
            dict.fromkeys(holder for code in task.reporters if (holder := successions.holder(code, end)))
        )
        for task in tasks
        for period, end in task.periods
    }
    everyone = sorted({code for codes in reporters.values() for code in codes})
    habits = _habits(everyone, rng)
    reports, numbers = [], {code: rng.randint(5, 60) for code in everyone}
    for task in tasks:
        for period, end in task.periods:
            for agency in reporters[(task.directive, task.number, period)]:
                (low, high), missing = habits[agency]
                delay = rng.randint(low, high)
                if period in _LAST_PERIODS:
                    delay, missing = delay + _MERGER_DELAY, missing + _MERGER_MISSING
                if rng.random() < missing:
                    continue
                numbers[agency] += rng.randint(1, 9)
                figures, summary = _figures(task, rng, communes_recognised)
                reports.append(
                    Report(
                        agency,
                        task.directive,
                        task.number,
                        period,
                        end + dt.timedelta(days=delay),
                        _status(task, period, rng),
                        f"{numbers[agency]}/BC-{_short_code(agency)}",
                        figures,
                        summary,
                    )
                )
    return reports + _extra_reports(reports, rng)


def _extra_reports(reports: list[Report], rng: random.Random) -> list[Report]:
    """Reports beyond the expected ones: the coordination office reporting on the agriculture
    department's task, and one report sent again with a correction."""
    extra = [
        Report(
            "VPDP",
            REAL_DIRECTIVE,
            "3",
            code,
            end + dt.timedelta(days=rng.randint(2, 12)),
            "Đang thực hiện",
            f"{rng.randint(10, 90)}/BC-VPĐP",
            {"inspections": rng.randint(1, 3)},
            "Văn phòng Điều phối báo cáo riêng kết quả kiểm tra phối hợp với Sở NN&PTNT.",
        )
        for code, end in (("2024-Q2", dt.date(2024, 6, 30)), ("2024-Q4", dt.date(2024, 12, 31)))
    ]
    first = next(r for r in reports if r.directive == REAL_DIRECTIVE and r.task == "4")
    extra.append(
        Report(
            first.agency,
            first.directive,
            first.task,
            first.period,
            first.received + dt.timedelta(days=20),
            first.status,
            first.document_no + "-BS",
            first.figures,
            first.summary + " (Báo cáo bổ sung, thay thế báo cáo trước.)",
        )
    )
    return extra


def _short_code(agency: str) -> str:
    return "UBND" if agency.startswith("UBND") else agency


# --- Resources mobilised ---------------------------------------------------------------------

_YEARS = range(2021, 2026)
# Rough share of each source in what a district mobilises (sample), before noise.
_SOURCE_SHARES = {
    "central_budget": 0.11,
    "local_budget": 0.16,
    "integrated": 0.3,
    "credit": 0.25,
    "enterprise": 0.08,
    "community": 0.1,
}
_PER_COMMUNE_MILLION = (14_000, 26_000)  # triệu đồng a xã mobilises in a year, all sources (sample)


def _contributions() -> list[Contribution]:
    """Per district and year: bigger districts mobilise more, and more in the year they are
    assessed for the district NTM standard and the year before."""
    rng = layout.rng("movement:contributions")
    districts, communes = programme.read_admin_units()
    push = {code: year for code, _level, year, _no, _date in programme.DISTRICT_RECOGNITIONS}
    rows = []
    for year in _YEARS:
        for code in districts:
            size = max(1, sum(1 for c in communes if c.district_code == code))
            total = size * rng.randint(*_PER_COMMUNE_MILLION) * (1.4 if push.get(code) in (year, year + 1) else 1)
            amounts = {item: round(total * share * rng.uniform(0.7, 1.3)) for item, share in _SOURCE_SHARES.items()}
            amounts["in_kind"] = round(total * rng.uniform(0.005, 0.02))
            amounts["land"] = round(size * rng.uniform(800, 4500))
            amounts["workdays"] = round(size * rng.uniform(600, 3000))
            rows.append(Contribution(code, year, amounts))
        rows.append(
            Contribution(
                "province",
                year,
                {
                    "local_budget": rng.randint(8_000, 20_000),
                    "enterprise": rng.randint(5_000, 15_000),
                    "community": rng.randint(2_000, 6_000),
                },
            )
        )
    return rows


# --- Commendations and models ----------------------------------------------------------------

_REAL_CEREMONY = Commendation(
    None,
    None,
    2024,
    "UBND tỉnh",
    "Bằng khen",
    "Tập thể và cá nhân",
    "Các tập thể, cá nhân có thành tích trong xây dựng huyện An Biên đạt chuẩn nông thôn mới",
    "chưa rõ",
    "Huyện An Biên",
    None,
    "Trao tại lễ công bố huyện An Biên đạt chuẩn nông thôn mới, ngày 18/3/2024",
    "Thật: sggp.org.vn (3/2024); số quyết định và số lượng chưa rõ",
)
_COLLECTIVE_REASONS = (
    "Có thành tích xuất sắc trong phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới”",
    "Hoàn thành xuất sắc nhiệm vụ xây dựng xã đạt chuẩn nông thôn mới",
    "Có nhiều đóng góp trong vận động Nhân dân xây dựng nông thôn mới",
)
_HOUSEHOLD_REASONS = (
    "Hiến {area} m² đất làm đường giao thông nông thôn",
    "Đóng góp {money} triệu đồng xây dựng cầu, đường nông thôn",
)
_FAMILY_NAMES = ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Huỳnh Văn", "Danh", "Võ Văn", "Lâm Thị")
_GIVEN_NAMES = ("An", "Bình", "Cường", "Dũng", "Hạnh", "Hòa", "Lộc", "Mai", "Nam", "Phúc", "Sơn", "Thảo", "Út")


def _day_in(year: int, rng: random.Random) -> dt.date:
    """A day of the year on which the province still existed (it merged into An Giang on 1/7/2025)."""
    last = min(dt.date(year, 12, 31), _BY_2025_MERGER)
    return dt.date(year, rng.randint(1, last.month), rng.randint(1, 28))


def _commendations() -> list[Commendation]:
    rng = layout.rng("movement:commendations")
    districts, communes = programme.read_admin_units()
    items = [_REAL_CEREMONY]
    for year in _YEARS:
        decision = f"Mẫu-{rng.randint(100, 999)}/QĐ-UBND"
        date = _day_in(year, rng)
        for _ in range(rng.randint(3, 6)):
            commune = rng.choice(communes)
            items.append(
                Commendation(
                    decision,
                    date,
                    year,
                    "UBND tỉnh",
                    "Bằng khen",
                    "Tập thể",
                    f"Ủy ban nhân dân xã {commune.bare_name}",
                    None,
                    districts[commune.district_code].name,
                    commune.name,
                    rng.choice(_COLLECTIVE_REASONS),
                )
            )
        items.append(
            Commendation(
                decision,
                date,
                year,
                "UBND tỉnh",
                "Bằng khen",
                "Cá nhân",
                f"{rng.randint(3, 12)} cá nhân tiêu biểu",
                rng.randint(3, 12),
                None,
                None,
                _COLLECTIVE_REASONS[0],
            )
        )
        for code in rng.sample(sorted(districts), 5):
            members = [c for c in communes if c.district_code == code]
            decision_d = f"Mẫu-{rng.randint(10, 999)}/QĐ-UBND"
            date_d = _day_in(year, rng)
            for _ in range(rng.randint(1, 3)):
                commune = rng.choice(members)
                reason = rng.choice(_HOUSEHOLD_REASONS).format(area=rng.randint(50, 900), money=rng.randint(5, 200))
                name = f"Hộ ông/bà {rng.choice(_FAMILY_NAMES)} {rng.choice(_GIVEN_NAMES)}"
                items.append(
                    Commendation(
                        decision_d,
                        date_d,
                        year,
                        "UBND huyện",
                        "Giấy khen",
                        "Hộ gia đình",
                        name,
                        None,
                        districts[code].name,
                        commune.name,
                        reason,
                    )
                )
            items.append(
                Commendation(
                    decision_d,
                    date_d,
                    year,
                    "Chủ tịch UBND huyện",
                    "Giấy khen",
                    "Tập thể",
                    f"Các ấp tiêu biểu của {_lower_first(districts[code].name)}",
                    rng.randint(2, 8),
                    districts[code].name,
                    None,
                    _COLLECTIVE_REASONS[2],
                )
            )
    items.append(
        Commendation(
            "Mẫu-88/QĐ-TTg",
            dt.date(2023, 6, 12),
            2023,
            "Thủ tướng Chính phủ",
            "Bằng khen",
            "Tập thể",
            "Ủy ban nhân dân huyện An Biên",
            None,
            "Huyện An Biên",
            None,
            "Có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”",
        )
    )
    return items


def _lower_first(text: str) -> str:
    """ "Huyện An Biên" -> "huyện An Biên", as it reads inside a sentence."""
    return text[:1].lower() + text[1:]


# (name, field as written, district, xã, owner, year, description, replicated mark, where)
_MODELS = (
    (
        "Người dân ký cam kết thực hiện phần việc xây dựng nông thôn mới",
        "Văn hóa – xã hội",
        "Huyện Tân Hiệp",
        "Xã Tân Hiệp A",
        "UBND xã Tân Hiệp A",
        2019,
        "Người dân ký cam kết thực hiện các phần việc cụ thể (thật: hdtdkt.kiengiang.gov.vn, 20/10/2019).",
        "x",
        "Các xã huyện Tân Hiệp",
    ),
    (
        "Tuyến đường hoa, cây xanh kiểu mẫu",
        "Môi trường, cảnh quan",
        "Huyện An Biên",
        "Xã Đông Yên",
        "Hội LHPN xã",
        2022,
        "Mỗi hộ trồng và chăm sóc hoa trước nhà; ấp giữ vệ sinh tuyến đường.",
        "Có",
        "Xã Tây Yên, xã Nam Yên",
    ),
    (
        "Tổ hợp tác lúa – tôm liên kết tiêu thụ",
        "Sản xuất, kinh tế",
        "Huyện An Minh",
        "Xã Đông Thạnh",
        "Hội Nông dân xã",
        2021,
        "Liên kết với doanh nghiệp bao tiêu tôm càng xanh trên đất lúa.",
        "x",
        "Xã Vân Khánh Đông",
    ),
    (
        "Camera giám sát an ninh ấp",
        "An ninh, trật tự",
        "Huyện Châu Thành",
        "Xã Giục Tượng",
        "Công an xã",
        2023,
        "Người dân góp tiền lắp camera tại các tuyến đường ấp.",
        "x",
        "Các xã huyện Châu Thành",
    ),
    (
        "Chợ nông thôn thanh toán không tiền mặt",
        "Chuyển đổi số",
        "Huyện Giồng Riềng",
        "Xã Thạnh Hưng",
        "Đoàn Thanh niên xã",
        2023,
        "Tiểu thương dùng mã QR; đoàn viên hướng dẫn người dân.",
        None,
        None,
    ),
    (
        "Ngày Chủ nhật xanh",
        "Môi trường",
        "Huyện Gò Quao",
        "Xã Vĩnh Hòa Hưng Nam",
        "Đoàn Thanh niên xã",
        2022,
        "Ra quân thu gom rác thải, phát quang bụi rậm mỗi tháng.",
        "x",
        "Huyện Gò Quao",
    ),
    (
        "Hộ gia đình hiến đất mở rộng đường",
        "Văn hóa – xã hội",
        "Huyện Hòn Đất",
        "Xã Mỹ Thuận",
        "Ban Nhân dân ấp",
        2024,
        "Vận động hiến đất mở rộng đường trục ấp không cần đền bù.",
        "Chưa",
        None,
    ),
    (
        "Sản phẩm OCOP nước mắm Phú Quốc của hợp tác xã",
        "Sản xuất",
        "Thành phố Phú Quốc",
        "Xã Hàm Ninh",
        "Hợp tác xã",
        2024,
        "Sản phẩm đạt 4 sao; liên kết hộ nuôi trồng và chế biến.",
        None,
        None,
    ),
    (
        "Tổ tự quản đường nông thôn",
        "An ninh trật tự",
        "Huyện Vĩnh Thuận",
        "Xã Vĩnh Bình Bắc",
        "Mặt trận Tổ quốc xã",
        2021,
        "Tổ tự quản duy tu, sửa chữa đường giao thông ấp.",
        "x",
        "Huyện U Minh Thượng",
    ),
    (
        "Mái ấm tình thương cho hộ nghèo",
        "Giảm nghèo",
        "Huyện Giang Thành",
        "Xã Phú Lợi",
        "Mặt trận Tổ quốc xã",
        2025,
        "Vận động xây, sửa nhà cho hộ nghèo, cận nghèo.",
        None,
        None,
    ),
    (
        "Ứng dụng sổ tay nông dân điện tử",
        "Chuyển đổi số",
        "Huyện Tân Hiệp",
        "Xã Thạnh Đông A",
        "Hội Nông dân huyện",
        2024,
        "Nông dân ghi nhật ký sản xuất trên điện thoại để truy xuất nguồn gốc.",
        "x",
        "Xã Thạnh Trị",
    ),
    (
        "Trường học xanh – sạch – đẹp",
        "Giáo dục",
        "Huyện Kiên Lương",
        "Xã Hòn Nghệ",
        "Trường Tiểu học",
        2022,
        "Học sinh trồng cây, phân loại rác tại trường.",
        None,
        None,
    ),
)


def _models() -> list[Model]:
    return [Model(*row) for row in _MODELS]


def build_story() -> Story:
    plan = programme.build_plan()
    recognised_2023 = sum(
        1 for r in plan.recognitions if r.level == "ntm" and r.action == "recognised" and r.assessment_year == 2023
    )
    tasks = _tasks()
    agencies = {row["agency_code"]: row for table in ("agency", "agency_formed") for row in reference.rows(table)}
    return Story(
        _directives(),
        tasks,
        _reports(tasks, recognised_2023),
        _contributions(),
        _commendations(),
        _models(),
        {code: row["name_vi"] for code, row in agencies.items()},
    )


# --- Writing workbooks -----------------------------------------------------------------------


def write(out_dir: Path) -> list[Path]:
    story = build_story()
    return [
        _write_directives(story, out_dir / "van_ban_chi_dao_nhiem_vu.xlsx"),
        _write_reports(story, out_dir / "bao_cao_co_quan_2024_2025.xlsx"),
        _write_contributions(story, out_dir / "huy_dong_nguon_luc_2021_2025.xlsx"),
        _write_commendations(story, out_dir / "khen_thuong_phong_trao.xlsx"),
        _write_models(story, out_dir / "mo_hinh_dien_hinh.xlsx"),
    ]


def _titled(sheet: Worksheet, title: str, width: int) -> None:
    layout.title(sheet, 1, title, width)
    layout.title(sheet, 2, layout.SAMPLE_NOTICE, width, bold=False)


def _write_directives(story: Story, path: Path) -> Path:
    workbook, sheet = layout.new_workbook("Văn bản")
    labels = [
        "Mã văn bản",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Cơ quan ban hành",
        "Người ký",
        "Trích yếu",
        "Căn cứ",
        "Nguồn",
    ]
    _titled(sheet, "VĂN BẢN CHỈ ĐẠO GIAO NHIỆM VỤ VỀ PHONG TRÀO THI ĐUA", len(labels))
    layout.header(sheet, 4, labels)
    for d in story.directives:
        sheet.append([d.code, d.number, d.issued, d.issuer, d.signer, d.subject, d.basis, d.source])
    layout.widths(sheet, len(labels), 18, {6: 70, 7: 40, 8: 50})
    sheet = workbook.create_sheet("Nhiệm vụ")
    labels = [
        "Mã văn bản",
        "Nhiệm vụ số",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Chu kỳ báo cáo",
        "Thời hạn",
        "Từ ngày",
        "Đến ngày",
        "Loại nhiệm vụ",
    ]
    _titled(sheet, "NHIỆM VỤ GIAO CÁC SỞ, BAN, NGÀNH, ĐOÀN THỂ VÀ UBND CÁC HUYỆN, THÀNH PHỐ", len(labels))
    layout.header(sheet, 4, labels)
    for t in story.tasks:
        sheet.append(
            [
                t.directive,
                int(t.number),
                t.content,
                t.responsible,
                t.coordinating,
                t.cycle,
                t.deadline,
                t.starts_on,
                t.ends_on,
                t.kind,
            ]
        )
        for column in (7, 8, 9):
            sheet.cell(row=sheet.max_row, column=column).number_format = "dd/mm/yyyy"
    layout.widths(sheet, len(labels), 14, {1: 22, 3: 80, 4: 40, 5: 36})
    return layout.save(workbook, path)


# Spellings clerks use for an agency, beside its name (district committees get their own).
_SPELLINGS = {
    "SNNPTNT": "Sở NN&PTNT",
    "SNNMT": "Sở NN&MT",
    "SKHCN": "Sở KH&CN",
    "STTTT": "Sở TT&TT",
    "SNV": "Sở Nội vụ",
    "MTTQ": "UBMTTQVN tỉnh",
    "HLHPN": "Hội LHPN tỉnh",
    "TDTN": "Tỉnh Đoàn",
    "VPDP": "VPĐP NTM tỉnh",
    "HCCB": "Hội CCB tỉnh",
}


def _agency_as_written(code: str, story: Story, rng: random.Random) -> str:
    name = story.agency_names[code]
    if code.startswith("UBND"):
        place = name.removeprefix("Ủy ban nhân dân ")
        return rng.choice((name, f"UBND {place}", f"UBND {place.replace('huyện ', 'H. ')}"))
    return rng.choice((name, _SPELLINGS.get(code, name)))


def _period_as_written(code: str, rng: random.Random) -> str | None:
    if code == periods.ONCE:
        return None
    period = periods.Period.from_code(code)
    if period.kind == periods.QUARTER:
        roman = ("I", "II", "III", "IV")[period.number - 1]
        return rng.choice((f"Quý {roman}/{period.year}", f"Q{period.number}/{period.year}"))
    if period.kind == periods.HALF:
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    return f"Năm {period.year}"


_FIGURE_HEADERS = {
    "training_sessions": "Số hội nghị, lớp tập huấn",
    "participants": "Số lượt người tham dự",
    "articles": "Số tin, bài",
    "inspections": "Số cuộc kiểm tra",
    "models_introduced": "Số mô hình",
    "commendations_proposed": "Đề nghị khen thưởng",
}


def _write_reports(story: Story, path: Path) -> Path:
    """All reports in one register, in the order they arrived, as a clerk keeps it."""
    rng = layout.rng("movement:reports-layout")
    workbook, sheet = layout.new_workbook("Tổng hợp báo cáo")
    labels = [
        "STT",
        "Cơ quan báo cáo",
        "Mã văn bản",
        "Nhiệm vụ số",
        "Kỳ báo cáo",
        "Ngày gửi",
        "Số báo cáo",
        "Tình trạng",
        *_FIGURE_HEADERS.values(),
        "Nội dung báo cáo",
    ]
    _titled(sheet, "TỔNG HỢP BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ VỀ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO", len(labels))
    latest = max(report.received for report in story.reports)
    layout.title(sheet, 3, f"(Sổ theo dõi báo cáo, cập nhật đến ngày {latest:%d/%m/%Y})", len(labels), bold=False)
    layout.header(sheet, 5, labels)
    ordered = sorted(story.reports, key=lambda r: (r.received, r.agency, r.directive, r.task))
    for number, report in enumerate(ordered, start=1):
        received = report.received if rng.random() < 0.85 else report.received.strftime("%d/%m/%Y")
        sheet.append(
            [
                number,
                _agency_as_written(report.agency, story, rng),
                report.directive,
                int(report.task),
                _period_as_written(report.period, rng),
                received,
                report.document_no,
                report.status,
                *(report.figures.get(key) for key in _FIGURE_HEADERS),
                report.summary,
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "dd/mm/yyyy"
    layout.signature_block(sheet, len(labels))
    layout.widths(sheet, len(labels), 10, {2: 30, 3: 22, 5: 22, 6: 12, 7: 14, 8: 16, len(labels): 70})
    return layout.save(workbook, path)


_SOURCE_HEADERS = {
    "central_budget": "Ngân sách trung ương",
    "local_budget": "Ngân sách địa phương",
    "integrated": "Vốn lồng ghép",
    "credit": "Vốn tín dụng",
    "enterprise": "Doanh nghiệp",
    "community": "Cộng đồng dân cư",
}


def _write_contributions(story: Story, path: Path) -> Path:
    """One sheet per year under a merged two-row header; the unit is in the header some years and
    in an "Đơn vị tính" line in others; the province level has its own row; totals at the bottom."""
    districts, _ = programme.read_admin_units()
    workbook = None
    for year in _YEARS:
        if workbook is None:
            workbook, sheet = layout.new_workbook(str(year))
        else:
            sheet = workbook.create_sheet(str(year))
        unit = " (triệu đồng)" if year % 2 == 1 else ""
        labels = [
            "STT",
            "Đơn vị",
            f"Nguồn vốn huy động{unit}",
            *[""] * 5,
            f"Tổng cộng{unit}",
            f"Hiện vật quy đổi{unit}",
            "Đất hiến (m²)",
            "Ngày công",
        ]
        _titled(sheet, f"KẾT QUẢ HUY ĐỘNG NGUỒN LỰC XÂY DỰNG NÔNG THÔN MỚI NĂM {year}", len(labels))
        if not unit:
            layout.title(sheet, 3, "Đơn vị tính: triệu đồng", len(labels), bold=False)
        layout.header(sheet, 5, labels)
        layout.header(sheet, 6, ["", "", *_SOURCE_HEADERS.values()])
        sheet.merge_cells(start_row=5, start_column=3, end_row=5, end_column=8)
        for column in (1, 2, 9, 10, 11, 12):
            sheet.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
        rows = [c for c in story.contributions if c.year == year]
        for number, row in enumerate(rows, start=1):
            name = "Cấp tỉnh" if row.scope == "province" else districts[row.scope].name
            money = [row.amounts.get(key) for key in _SOURCE_HEADERS]
            sheet.append(
                [
                    number,
                    name,
                    *money,
                    sum(m or 0 for m in money),
                    row.amounts.get("in_kind"),
                    row.amounts.get("land"),
                    row.amounts.get("workdays"),
                ]
            )
        totals = [sum(c.amounts.get(key, 0) for c in rows) for key in (*_SOURCE_HEADERS, "")]
        totals[-1] = sum(totals[:-1])
        sheet.append([None, "Tổng cộng", *totals])
        layout.signature_block(sheet, len(labels))
        layout.widths(sheet, len(labels), 14, {1: 5, 2: 24})
    return layout.save(workbook, path)


def _write_commendations(story: Story, path: Path) -> Path:
    workbook, sheet = layout.new_workbook("Khen thưởng")
    labels = [
        "STT",
        "Số quyết định",
        "Ngày quyết định",
        "Năm",
        "Cấp khen thưởng",
        "Hình thức khen thưởng",
        "Đối tượng",
        "Tên tập thể, cá nhân",
        "Số lượng",
        "Huyện",
        "Xã",
        "Thành tích",
        "Ghi chú",
    ]
    _titled(
        sheet,
        "DANH SÁCH KHEN THƯỞNG PHONG TRÀO THI ĐUA “KIÊN GIANG CHUNG SỨC XÂY DỰNG NÔNG THÔN MỚI” GIAI ĐOẠN 2021–2025",
        len(labels),
    )
    layout.header(sheet, 4, labels)
    ordered = sorted(story.commendations, key=lambda c: (c.year, c.decision_date or dt.date(c.year, 12, 31)))
    for number, c in enumerate(ordered, start=1):
        sheet.append(
            [
                number,
                c.decision_no,
                c.decision_date,
                c.year,
                c.level,
                c.form,
                c.recipient_type,
                c.recipient,
                c.recipients,
                c.district,
                c.commune,
                c.reason,
                c.note,
            ]
        )
        sheet.cell(row=sheet.max_row, column=3).number_format = "dd/mm/yyyy"
    layout.widths(sheet, len(labels), 14, {1: 5, 8: 44, 12: 60, 13: 40})
    return layout.save(workbook, path)


def _write_models(story: Story, path: Path) -> Path:
    workbook, sheet = layout.new_workbook("Mô hình")
    labels = [
        "STT",
        "Tên mô hình, điển hình",
        "Lĩnh vực",
        "Huyện",
        "Xã",
        "Đơn vị thực hiện",
        "Năm công nhận",
        "Mô tả ngắn",
        "Đã nhân rộng",
        "Nơi nhân rộng",
    ]
    _titled(sheet, "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN TRONG PHONG TRÀO THI ĐUA", len(labels))
    layout.header(sheet, 4, labels)
    for number, m in enumerate(story.models, start=1):
        sheet.append(
            [
                number,
                m.name,
                m.field,
                m.district,
                m.commune,
                m.owner,
                m.year,
                m.description,
                m.replicated,
                m.replicated_where,
            ]
        )
    layout.widths(sheet, len(labels), 16, {1: 5, 2: 44, 8: 60})
    return layout.save(workbook, path)
