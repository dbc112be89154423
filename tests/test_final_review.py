"""Báo cáo tổng kết on the sample: sections I–IV and the appendix in order in Word and PDF, the
brief's page checks, the issuer and scope in the header, sample data marked, and its figures
recomputed here with SQL from the tables the loader writes."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import pytest
from docx import Document
from pypdf import PdfReader

from ntm import formatting as fmt
from presentation import brief, brief_docx, brief_pdf, final_review
from tests.command_line import etl
from tests.test_brief import _check_pages, nfc, words
from tests.test_sample_load import NTM_DECIDED_BY

TODAY = dt.date(2026, 12, 5)
CUTOFF = dt.date(2025, 6, 30)
AN_BIEN = "908"
HEADINGS = [
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "III. BÀI HỌC KINH NGHIỆM",
    "IV. PHƯƠNG HƯỚNG GIAI ĐOẠN 2026–2030",
    "PHỤ LỤC: BIỂU SỐ LIỆU",
]

pytestmark = pytest.mark.database("sample")


@pytest.fixture(scope="module")
def review(warehouses):
    return final_review.build(warehouses.shared("sample"), "vi", TODAY)


@pytest.fixture(scope="module")
def review_pdf(review):
    return PdfReader(io.BytesIO(brief_pdf.render(review)))


def _sql(db, query: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def _table(section: brief.Section) -> brief.Table:
    return next(block for block in section.blocks if isinstance(block, brief.Table))


def _section(review: brief.Brief, start: str) -> brief.Section:
    return next(section for section in review.sections if section.title.startswith(start))


def test_word_file_has_sections_one_to_four_and_the_appendix_in_order_with_issuer_and_scope(review):
    document = Document(io.BytesIO(brief_docx.render(review)))
    text = [nfc(paragraph.text) for paragraph in document.paragraphs]
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    masthead = nfc(" ".join(cell.text for cell in document.tables[0].rows[0].cells))
    assert "UBND TỈNH AN GIANG" in masthead and "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in masthead
    assert "Địa bàn tỉnh Kiên Giang (cũ), giai đoạn 2021–2025" in text
    assert "DỮ LIỆU MẪU" in document.sections[0].header.paragraphs[0].text
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14


def test_pdf_pages_are_a4_numbered_marked_and_inside_the_margins_with_every_section_in_order(review, review_pdf):
    _check_pages(review_pdf)
    text = words("\n".join(nfc(page.extract_text()) for page in review_pdf.pages))
    positions = [text.find(words(section.title)) for section in review.sections]
    assert -1 not in positions and positions == sorted(positions)


def test_sections_two_and_three_are_left_for_the_author_and_two_gives_only_the_datas_facts(review):
    shortcomings, lessons = _section(review, "II."), _section(review, "III.")
    assert lessons.blocks == ["(Phần này do đơn vị soạn thảo viết.)"]
    assert shortcomings.blocks[:2] == ["(Phần này do đơn vị soạn thảo viết.)", "Số liệu cho thấy:"]
    assert all(block.startswith("– ") for block in shortcomings.blocks[2:])


def test_targets_table_gives_every_targets_result_percent_of_plan_and_verdict_as_the_database(review, warehouses):
    db = warehouses.shared("sample")
    expected = _sql(
        db,
        """select t.target_value, s.communes_ntm from current_target t join mart_scope_year s
           on s.scope_code = 'province' and s.year = t.target_year
           where t.scope_code = 'province' and t.measure_code = 'communes_ntm' and t.target_year = 2025""",
    )
    [(target, result)] = expected
    rows = {row[0]: row for row in _table(_section(review, "1.")).rows}
    ntm = rows["Số xã đạt chuẩn nông thôn mới"]
    assert ntm[1:4] == [
        f"{target:.0f} (2025)",
        f"{result} (2025)",
        fmt.number(round(result / target * 100, 1), "vi", 1),
    ]
    assert ntm[4] == ("Đạt mục tiêu" if result >= target else "Không đạt")


def test_yearly_path_gives_both_ways_of_counting_as_the_database(review, warehouses):
    db = warehouses.shared("sample")
    table = _table(_section(review, "2."))
    by_year = {row[0]: row for row in table.rows}
    for year in range(2020, 2026):
        [(assessed,)] = _sql(
            db, "select communes_ntm from mart_scope_year where scope_code = 'former_kien_giang' and year = ?", [year]
        )
        day = min(dt.date(year, 12, 31), CUTOFF)
        [(decided,)] = _sql(db, NTM_DECIDED_BY, [day, "former_kien_giang", year])
        assert by_year[str(year)][1:3] == [str(assessed), str(decided)], year


def test_results_at_the_cutoff_are_the_recognitions_decided_by_then(review):
    # About June 2025: 116 xã NTM, 40 nâng cao, 5 kiểu mẫu, 9 district-level units (ntm-2026.md §1).
    intro = review.sections[0].blocks[0]
    assert intro.startswith("Tính đến ngày 30/06/2025, Địa bàn tỉnh Kiên Giang (cũ) có 116/116 xã")
    assert "40 xã đạt chuẩn nông thôn mới nâng cao và 5 xã nông thôn mới kiểu mẫu; 9 đơn vị cấp huyện" in intro


def test_appendix_tables_are_numbered_and_count_each_units_communes_as_the_database(review, warehouses):
    db = warehouses.shared("sample")
    appendix = [section for section in review.sections if section.title.startswith("Biểu số")]
    assert [section.title[:10] for section in appendix] == ["Biểu số 01", "Biểu số 02"]
    counted = dict(
        _sql(
            db,
            """select d.name, count(*) from scope_commune s join programme_district d
               on d.year = s.year and d.district_code = s.scope_code where s.year = 2025 group by d.name""",
        )
    )
    assert {row[0]: int(row[1]) for row in _table(appendix[0]).rows} == counted
    [(short,)] = _sql(
        db,
        """select count(*) from mart_commune_year m join scope_commune s using (year, commune_code)
           where s.scope_code = 'former_kien_giang' and m.year = 2025 and not m.holds_ntm""",
    )
    assert len(_table(appendix[1]).rows) == short


def test_issuer_is_a_setting(warehouses, monkeypatch):
    monkeypatch.setenv("NTM_ISSUER", "UBND TỈNH AN GIANG — VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI")
    item = final_review.build(warehouses.shared("sample"), "vi", TODAY, AN_BIEN)
    assert item.issuer == ["UBND TỈNH AN GIANG", "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI"]
    assert item.subtitle == "Huyện An Biên (Địa bàn tỉnh Kiên Giang (cũ)), giai đoạn 2021–2025"


def test_command_line_writes_the_final_review_and_refuses_a_usage_error_with_exit_two(warehouses, tmp_path):
    db = warehouses.shared("sample")
    out = tmp_path / "tong-ket.docx"
    written = etl("report", "final-review", "--scope", AN_BIEN, "--format", "docx", "--out", str(out), db=db)
    assert written.returncode == 0, written.stderr
    assert any("Huyện An Biên" in paragraph.text for paragraph in Document(str(out)).paragraphs)
    brief_pdf_file = tmp_path / "tom-tat.pdf"
    made = etl("report", "brief", "--year", "2024", "--format", "pdf", "--out", str(brief_pdf_file), db=db)
    assert made.returncode == 0, made.stderr
    assert PdfReader(str(brief_pdf_file)).pages
    assert etl("report", "final-review", "--format", "odt", "--out", str(out), db=db).returncode == 2
    assert etl("report", "final-review", "--scope", "999", "--format", "pdf", "--out", str(out), db=db).returncode == 2
