"""The brief as a PDF for printing: A4, the margins and layout of a Vietnamese administrative
report (Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20 mm, left 30 mm, right 15 mm; the
unit's name top left, place and date top right, the title centred in capitals), a serif face with
every Vietnamese glyph embedded, page numbers and the data's provenance on every page.
"""

from __future__ import annotations

import io
from functools import partial

from fpdf import FPDF, FontFace
from fpdf.enums import Align, XPos

from ntm.i18n import t
from presentation.brief import Brief, Figure, Table, walk
from presentation.brief_charts import FONT_DIR, SERIF, SIZE_INCHES

FAMILY = "DejaVuSerif"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# DejaVu Serif is wider than Times New Roman: 12 pt here sets about as many words on a line as
# the decree's 13–14 pt Times New Roman.
BODY_PT, TABLE_PT, SMALL_PT = 12, 9.5, 8
LINE = 1.45  # line height as a multiple of the font size
PT_MM = 25.4 / 72
# A section heading needs room for a few lines after it, or it goes to the next page.
KEEP_WITH_HEADING_MM = 35
ISSUER_MM = 82  # the width of the unit's name, top left
CELL_ROOM_MM = 3  # a cell's padding on both sides, and a little air
HEADINGS_FILL = (230, 230, 230)
SAMPLE_COLOUR = (213, 94, 0)
GREY = (90, 90, 90)


class _Document(FPDF):
    def __init__(self, brief: Brief) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.brief = brief
        for style, file in SERIF.items():
            self.add_font(FAMILY, style, FONT_DIR / file)
        self.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
        self.set_auto_page_break(True, margin=MARGINS_MM["bottom"])
        self.set_lang(brief.lang)
        self.set_title(brief.title.title())
        self.set_subject(brief.subtitle)
        self.set_creator("NTM Kiên Giang")

    def header(self) -> None:
        if self.brief.sample:  # sample figures must not pass for the province's on any page
            self.set_y(8)
            self.set_font(FAMILY, "B", SMALL_PT)
            self.set_text_color(*SAMPLE_COLOUR)
            self.cell(0, SMALL_PT * PT_MM, t("brief.sample_mark", self.brief.lang), align=Align.R)
            self.set_text_color(0)
            self.set_y(MARGINS_MM["top"])

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "I", SMALL_PT)
        self.set_text_color(*GREY)
        width = self.epw - 25
        self.cell(width, SMALL_PT * PT_MM, self.brief.footer, align=Align.L)
        self.cell(25, SMALL_PT * PT_MM, f"{self.page_no()}/{{nb}}", align=Align.R)
        self.set_text_color(0)


def render(brief: Brief) -> bytes:
    pdf = _Document(brief)
    pdf.add_page()
    _masthead(pdf, brief)
    walk(brief, partial(_heading, pdf), partial(_text, pdf), partial(_table, pdf), partial(_figure, pdf))
    return bytes(pdf.output())


def _heading(pdf: FPDF, title: str) -> None:
    if pdf.will_page_break(KEEP_WITH_HEADING_MM):
        pdf.add_page()
    pdf.ln(2)
    _text(pdf, title, "B")


def _masthead(pdf: _Document, brief: Brief) -> None:
    """The unit's name top left (its last line bold, a short rule under it), place and date top
    right, then the title centred."""
    top, line = pdf.get_y(), BODY_PT * PT_MM * LINE
    for i, text in enumerate(brief.issuer):
        pdf.set_font(FAMILY, "B" if i == len(brief.issuer) - 1 else "", BODY_PT - 1)
        pdf.multi_cell(ISSUER_MM, line, text.upper(), align=Align.C, new_x=XPos.LMARGIN)
    rule = pdf.get_y() + 0.5
    pdf.line(pdf.l_margin + ISSUER_MM / 2 - 15, rule, pdf.l_margin + ISSUER_MM / 2 + 15, rule)
    below = pdf.get_y()
    pdf.set_xy(pdf.l_margin + ISSUER_MM, top + line * 2.2)
    pdf.set_font(FAMILY, "I", BODY_PT - 1)
    pdf.multi_cell(pdf.epw - ISSUER_MM, line, brief.place_date, align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_y(max(below, pdf.get_y()) + 6)
    pdf.set_font(FAMILY, "B", BODY_PT + 1)
    pdf.multi_cell(0, (BODY_PT + 1) * PT_MM * LINE, brief.title, align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_font(FAMILY, "B", BODY_PT)
    pdf.multi_cell(0, line, brief.subtitle, align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_font(FAMILY, "I", SMALL_PT + 1)
    for fact in brief.facts:
        pdf.multi_cell(0, (SMALL_PT + 1) * PT_MM * LINE, fact, align=Align.C, new_x=XPos.LMARGIN)
    pdf.ln(4)


def _text(pdf: FPDF, text: str, style: str = "") -> None:
    pdf.set_font(FAMILY, style, BODY_PT)
    pdf.multi_cell(0, BODY_PT * PT_MM * LINE, text, align=Align.J, new_x=XPos.LMARGIN)
    pdf.ln(1)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FAMILY, "", TABLE_PT)
    align = tuple(Align.R if numeric else Align.L for numeric in table.numeric)
    with pdf.table(
        col_widths=_column_widths(pdf, table),
        text_align=align,
        line_height=TABLE_PT * PT_MM * 1.3,
        padding=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADINGS_FILL),
        repeat_headings=1,
        width=pdf.epw,
        align=Align.L,
    ) as drawn:
        heading = drawn.row()
        for column in table.columns:
            heading.cell(column, align=Align.C)
        for i, cells in enumerate(table.rows):
            row = drawn.row()
            style = FontFace(emphasis="BOLD") if i in table.emphasised else None
            for j, cell in enumerate(cells):
                colour = table.colours.get((i, j))
                row.cell(
                    cell, style=FontFace(fill_color=colour, emphasis=style and style.emphasis) if colour else style
                )
    pdf.ln(3)


def _column_widths(pdf: FPDF, table: Table) -> list[float]:
    """Millimetres per column: the table's proportions, but never narrower than its widest heading
    word or, for numbers, its widest cell — a word or a number broken over lines cannot be read.
    The room this takes comes from the columns that can wrap."""
    pdf.set_font(FAMILY, "B", TABLE_PT)
    floor = [
        max(pdf.get_string_width(word) for word in column.split() or [" "]) + CELL_ROOM_MM for column in table.columns
    ]
    pdf.set_font(FAMILY, "", TABLE_PT)
    for i, numeric in enumerate(table.numeric):
        if numeric and table.rows:
            floor[i] = max(floor[i], max(pdf.get_string_width(row[i]) for row in table.rows) + CELL_ROOM_MM)
    widths = [max(pdf.epw * width / sum(table.widths), low) for width, low in zip(table.widths, floor, strict=True)]
    spare = [width - low for width, low in zip(widths, floor, strict=True)]
    excess = sum(widths) - pdf.epw
    return [width - excess * room / sum(spare) for width, room in zip(widths, spare, strict=True)]


def _figure(pdf: FPDF, figure: Figure) -> None:
    height = pdf.epw * SIZE_INCHES[1] / SIZE_INCHES[0]
    if pdf.will_page_break(height + 10):  # the chart and its caption stay together
        pdf.add_page()
    pdf.image(io.BytesIO(figure.png), w=pdf.epw, h=height)
    pdf.set_font(FAMILY, "I", SMALL_PT + 1)
    pdf.multi_cell(0, (SMALL_PT + 1) * PT_MM * LINE, figure.caption, align=Align.C, new_x=XPos.LMARGIN)
    pdf.ln(2)
