"""The brief as a Word file to edit before it goes out: the same content as the PDF, on A4 with
the margins of Nghị định 30/2020/NĐ-CP, in Times New Roman 13 pt — the face every office in the
province has and the decree names; Word supplies it, so nothing is embedded.
"""

from __future__ import annotations

import io
from functools import partial

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ntm.i18n import t
from presentation.brief import Brief, Figure, Table, walk
from presentation.brief_pdf import MARGINS_MM, SAMPLE_COLOUR

FONT = "Times New Roman"
BODY_PT, TABLE_PT, SMALL_PT = 13, 10.5, 9
A4_MM = (210, 297)


def render(brief: Brief) -> bytes:
    document = Document()
    _page(document, brief)
    _masthead(document, brief)
    walk(
        brief,
        heading=partial(_paragraph, document, bold=True, keep_with_next=True, space_before=6),
        text=partial(_paragraph, document, align=WD_ALIGN_PARAGRAPH.JUSTIFY),
        table=partial(_table, document),
        figure=partial(_figure, document),
    )
    core = document.core_properties
    core.title, core.subject, core.language = brief.title.title(), brief.subtitle, brief.lang
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document: Document, brief: Brief) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    # Word picks the face per script: set it for every script, or Vietnamese may fall back.
    fonts = normal.element.rPr.rFonts
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    normal.paragraph_format.space_after = Pt(3)
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    page.top_margin, page.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    page.left_margin, page.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    if brief.sample:
        mark = page.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run(t("brief.sample_mark", brief.lang))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(SMALL_PT), RGBColor(*SAMPLE_COLOUR)
    footer = page.footer.paragraphs[0]
    run = footer.add_run(f"{brief.footer} · ")
    run.italic, run.font.size = True, Pt(SMALL_PT)
    _page_number(footer)


def _page_number(paragraph) -> None:
    """A PAGE field: Word numbers the pages itself, after any edit."""
    run = paragraph.add_run()
    run.italic, run.font.size = True, Pt(SMALL_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _masthead(document: Document, brief: Brief) -> None:
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(75), Mm(A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"] - 75)
    issuer = left.paragraphs[0]
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer.add_run(brief.issuer[0].upper()).font.size = Pt(BODY_PT - 1)
    issuer.add_run("\n")
    unit = issuer.add_run(brief.issuer[1].upper())
    unit.bold, unit.font.size = True, Pt(BODY_PT - 1)
    place = right.paragraphs[0]
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.add_run("\n")
    place.add_run(brief.place_date).italic = True
    _paragraph(document, brief.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=12, size=BODY_PT + 1)
    _paragraph(document, brief.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for fact in brief.facts:
        _paragraph(document, fact, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=SMALL_PT + 1)


def _paragraph(
    document: Document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    size: float | None = None,
    keep_with_next: bool = False,
    space_before: float = 0,
) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.keep_with_next = keep_with_next
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _table(document: Document, table: Table) -> None:
    drawn = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    drawn.style = "Table Grid"
    drawn.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    widths = [Mm(usable * width / sum(table.widths)) for width in table.widths]
    heading = drawn.rows[0]
    _repeat_on_every_page(heading)
    for cell, column, width in zip(heading.cells, table.columns, widths, strict=True):
        cell.width = width
        _cell(cell, column, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for i, (row, cells) in enumerate(zip(drawn.rows[1:], table.rows, strict=True)):
        for j, (cell, text, numeric, width) in enumerate(zip(row.cells, cells, table.numeric, widths, strict=True)):
            cell.width = width
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _cell(cell, text, align, bold=i in table.emphasised, colour=table.colours.get((i, j)))
    document.add_paragraph()


def _cell(cell, text: str, align: WD_ALIGN_PARAGRAPH, bold: bool, colour: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(TABLE_PT)
    if colour:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), colour.removeprefix("#"))
        cell._tc.get_or_add_tcPr().append(shading)


def _repeat_on_every_page(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _figure(document: Document, figure: Figure) -> None:
    usable = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    document.add_picture(io.BytesIO(figure.png), width=Mm(usable))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, figure.caption, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=SMALL_PT + 1)
