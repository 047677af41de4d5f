"""Render letters and simple documents to A4 PDF bytes.

Database-free: callers build the frozen dataclasses below from plain values (str, date, tuples)
and get PDF bytes back. Every piece of caller text is treated as plain text: it is escaped before
it reaches reportlab's paragraph markup, so "<b>" or "&" in a requester's name or a reviewer's
reasons prints literally and can never inject markup.

The building blocks (``format_date``, ``markup``, ``styles``, ``data_table``, ``build_pdf`` ...)
are shared with ``review_service.regulator.pack_pdf``.
"""

from __future__ import annotations

import functools
import io
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from review_service.domain.dates import long_date as format_date
from review_service.letters.fonts import letter_font

# Streams are Flate-compressed only. reportlab adds an ASCII85 layer by default, which makes
# every PDF a quarter larger and costs time to encode, for 7-bit transports nobody uses now.
rl_config.useA85 = 0


class _QuickFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at zlib's fastest level. The default level spent a tenth of a letter's rendering
    compressing its streams (mostly the embedded font subsets) for PDFs about 4% smaller."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


# reportlab looks its Flate filter up by this name each time it writes a stream.
pdfdoc.PDFZCompress = _QuickFlate()

PAGE_SIZE = A4
MARGIN = 20 * mm
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 24 * mm  # room for up to three footer lines and the page number
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

DRAFT_WATERMARK = "DRAFT – NOT ISSUED"

# C0 control characters other than tab and newline (and DEL) have no business in a letter and
# some of them upset PDF text extraction; form feeds and the like are dropped.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Letterhead:
    authority_name: str
    address_lines: tuple[str, ...]
    email: str
    telephone: str = ""
    footer: str = ""


@dataclass(frozen=True)
class Paragraphs:
    """A titled section of plain text."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LetterContent:
    letterhead: Letterhead
    recipient_name: str
    recipient_address_lines: tuple[str, ...]  # may be empty: sent by e-mail only
    recipient_email: str
    letter_date: date
    our_reference: str  # the case: "IR-2026-00012"
    # The authority's own reference for the original request ("FOI-123"): also ours, never
    # "Your reference" (issue 12 item 10).
    request_reference: str | None
    subject: str  # "Internal review of your request FOI-123"
    salutation: str  # "Dear Ms Jones"
    sections: tuple[Paragraphs, ...]
    closing: str  # "Yours sincerely"
    signatory_name: str
    signatory_title: str
    # Optional findings table; the first row is the header (e.g. Provision | Finding | Reasons).
    table: tuple[tuple[str, ...], ...] = ()
    table_after_section: int | None = None  # None: after the last section
    draft: bool = False  # previews carry a diagonal "DRAFT – NOT ISSUED" watermark
    # "This letter corrects and replaces the letter dated 3 May 2026 (version 1)."
    version_note: str | None = None
    # The recipient's own reference, when they gave one: the only "Your reference".
    your_reference: str | None = None


# ---------------------------------------------------------------------------------------------
# Text helpers


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters, keeping tabs and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def markup(text: str) -> str:
    """Plain caller text -> safe reportlab paragraph markup; newlines become line breaks."""
    return escape(clean_text(text)).replace("\n", "<br/>")


class Para(Paragraph):
    """A paragraph that is laid out once per width: reportlab wraps each paragraph again
    every time a table measures its rows, a KeepTogether measures its content and the frame
    places it, which made tables of short cells the slowest part of a letter or an index."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A split that found no room deletes blPara: then the paragraph is wrapped afresh.
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


class PlainLines(Flowable):
    """Lines of plain text in one paragraph style, leading spaces kept, each line wrapped at
    spaces to the frame (a word wider than the frame is cut); splits between lines.

    The cheap way to set a plain-text document: a ``Paragraph`` parses markup and measures
    every fragment again each time it is wrapped or split at a page end, so an e-mail thread
    of a few hundred lines was the slowest part of a pack. Here each line is measured once.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        self.lines = tuple(clean_text(text).expandtabs(4).split("\n"))
        self._wrapped: tuple[float, tuple[str, ...]] | None = None

    @classmethod
    def _wrapped_at(cls, width: float, lines: tuple[str, ...], style: ParagraphStyle) -> PlainLines:
        part = cls("", style)
        part.lines = lines
        part._wrapped = (width, lines)
        return part

    def _lines_for(self, width: float) -> tuple[str, ...]:
        if self._wrapped is None or self._wrapped[0] != width:
            font, size = self.style.fontName, self.style.fontSize
            lines = tuple(
                piece for line in self.lines for piece in _wrap_plain(line, width, font, size)
            )
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self._lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._lines_for(availWidth)
        fits = int(availHeight // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(lines):
            return [self]
        return [
            PlainLines._wrapped_at(availWidth, lines[:fits], self.style),
            PlainLines._wrapped_at(availWidth, lines[fits:], self.style),
        ]

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText(0, self.height - style.fontSize)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in self._lines_for(self.width):
            text.textLine(line)
        self.canv.drawText(text)


def _wrap_plain(line: str, width: float, font: str, size: float) -> list[str]:
    """Break one line at spaces into pieces no wider than ``width``; the first piece keeps the
    line's leading spaces, later pieces start at a word. A word wider than ``width`` is cut."""
    line = line.rstrip()
    if stringWidth(line, font, size) <= width:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    pieces: list[str] = []
    current = line[:indent]
    for word in line[indent:].split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current.strip() else current + word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current.strip():
            pieces.append(current)
            current = ""
        while stringWidth(word, font, size) > width:  # cut a word wider than the line
            fits = max(_longest_prefix(word, width, font, size), 1)
            pieces.append(word[:fits])
            word = word[fits:]
        current = word
    if current.strip() or not pieces:
        pieces.append(current)
    return pieces


def _longest_prefix(word: str, width: float, font: str, size: float) -> int:
    low, high = 0, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subject: ParagraphStyle
    authority: ParagraphStyle
    right: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    note: ParagraphStyle
    footer: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The paragraph styles of every letter, document and pack, made once per process (no
    caller changes them: a variant is a new ``ParagraphStyle`` with one of these as parent)."""
    regular, bold = letter_font()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=10.5, leading=14, spaceAfter=7, splitLongWords=1
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=bold, fontSize=11.5, leading=15,
            spaceBefore=8, spaceAfter=4, keepWithNext=1,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=17, leading=22,
            spaceBefore=0, spaceAfter=10, keepWithNext=1,
        ),
        subject=ParagraphStyle(
            "subject", parent=body, fontName=bold, spaceBefore=2, spaceAfter=10, keepWithNext=1
        ),
        authority=ParagraphStyle(
            "authority", parent=body, fontName=bold, fontSize=15, leading=19,
            alignment=TA_RIGHT, spaceAfter=2,
        ),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=0),
        cell=ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0),
        header_cell=ParagraphStyle(
            "header_cell", parent=body, fontName=bold, fontSize=9.5, leading=12, spaceAfter=0
        ),
        note=ParagraphStyle(
            "note", parent=body, fontName=bold, fontSize=10, leading=13, spaceAfter=0
        ),
        footer=ParagraphStyle(
            "footer", parent=body, fontSize=7.5, leading=9.5, spaceAfter=0,
            alignment=TA_CENTER, textColor=colors.HexColor("#505a5f"),
        ),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Flowable builders


def section_flowables(sections: Sequence[Paragraphs], st: Styles) -> list[list[Flowable]]:
    """One list of flowables per section (heading + paragraphs); empty paragraphs are skipped."""
    out: list[list[Flowable]] = []
    for section in sections:
        flowables: list[Flowable] = []
        if section.heading.strip():
            flowables.append(Para(markup(section.heading), st.heading))
        for text in section.paragraphs:
            if text.strip():
                flowables.append(Para(markup(text), st.body))
        out.append(flowables)
    return out


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle whose cell font is ours: reportlab's default (Helvetica) would otherwise be
    set, and embedded as an unused resource, in every table."""
    regular, _ = letter_font()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), *commands])


def column_widths(rows: Sequence[Sequence[str]], total: float, st: Styles) -> list[float]:
    """Share the width by how much text each column holds, within sensible bounds.

    No column is made narrower than its longest word (so "Provision" never breaks as
    "Provisio/n"), unless that word alone would take more than 40% of the table.
    """
    ncols = max(len(r) for r in rows)
    padding = 8 + 1  # cell padding either side, plus a little slack
    weights: list[float] = []
    minimums: list[float] = []
    for col in range(ncols):
        cells = [r[col] for r in rows if col < len(r)]
        longest = max((len(line) for cell in cells for line in cell.split("\n")), default=0)
        weights.append(min(max(longest, 8), 60))
        word = 0.0
        for i, cell in enumerate(cells):
            style = st.header_cell if i == 0 else st.cell
            for token in cell.split():
                word = max(word, stringWidth(token, style.fontName, style.fontSize))
        minimums.append(min(word + padding, total * 0.4))
    widths = [total * w / sum(weights) for w in weights]
    # Raise narrow columns to their minimum, taking the room from the others in proportion.
    for _ in range(ncols):
        short = [i for i in range(ncols) if widths[i] < minimums[i] - 0.01]
        if not short:
            break
        fixed = {i for i in range(ncols) if widths[i] <= minimums[i] + 0.01} | set(short)
        for i in short:
            widths[i] = minimums[i]
        free = [i for i in range(ncols) if i not in fixed]
        spare = total - sum(widths[i] for i in fixed)
        if not free or spare <= 0:
            break
        free_weight = sum(weights[i] for i in free)
        for i in free:
            widths[i] = spare * weights[i] / free_weight
    scale = total / sum(widths)
    return [w * scale for w in widths]


def data_table(
    rows: Sequence[Sequence[str]],
    st: Styles,
    *,
    widths: Sequence[float] | None = None,
    header: bool = True,
    align_right_last: bool = False,
) -> Table | None:
    """A grid table of plain text cells that wraps and splits across pages.

    The first row is a header repeated on every page. Short rows are padded.
    """
    filled = [tuple(r) for r in rows if len(r)]
    if not filled:
        return None
    ncols = max(len(r) for r in filled)
    padded = [r + ("",) * (ncols - len(r)) for r in filled]
    widths = list(widths) if widths is not None else column_widths(padded, FRAME_WIDTH, st)
    data = []
    for i, row in enumerate(padded):
        cells = []
        for j, text in enumerate(row):
            style = st.header_cell if header and i == 0 else st.cell
            if align_right_last and j == ncols - 1:
                style = ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)
            cells.append(Para(markup(text), style))
        data.append(cells)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")))
    return Table(
        data,
        colWidths=widths,
        style=table_style(commands),
        repeatRows=1 if header and len(data) > 1 else 0,
        splitByRow=1,
        splitInRow=1,  # a single very long cell may still run over a page
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )


def letterhead_flowables(letterhead: Letterhead, st: Styles) -> list[Flowable]:
    lines = [Para(markup(letterhead.authority_name), st.authority)]
    for line in letterhead.address_lines:
        if line.strip():
            lines.append(Para(markup(line), st.right))
    if letterhead.email.strip():
        lines.append(Para(markup(f"Email: {letterhead.email}"), st.right))
    if letterhead.telephone.strip():
        lines.append(Para(markup(f"Telephone: {letterhead.telephone}"), st.right))
    return [*lines, Spacer(1, 8 * mm)]


def label_value_table(
    rows: Sequence[tuple[str, str]], st: Styles, *, label_width: float, width: float
) -> Table:
    """Borderless two-column rows: bold label, plain value."""
    value_style = _plain("value")
    label_style = _bold(value_style)
    data = [
        [Para(markup(label), label_style), Para(markup(value), value_style)]
        for label, value in rows
    ]
    return Table(
        data,
        colWidths=[label_width, width - label_width],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
        hAlign="LEFT",
    )


def boxed_note(text: str, st: Styles) -> Table:
    box = Table(
        [[Para(markup(text), st.note)]],
        colWidths=[FRAME_WIDTH],
        style=table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#0b0c0c")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f3f2f1")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
        hAlign="LEFT",
        spaceAfter=10,
    )
    return box


# ---------------------------------------------------------------------------------------------
# Page furniture and building


@dataclass(frozen=True)
class PageFurniture:
    """What is drawn on every page around the flowing content.

    ``page_offset`` and ``total_pages`` let a part of a larger bundle number its pages as pages
    of the bundle ("Page 7 of 31").
    """

    footer: str = ""  # free text above the page number, e.g. the authority's registered address
    running_head: str = ""  # small line at the top of every page but the bundle's first
    reference: str = ""  # printed before the page number: "FOI-123 · Page 2 of 3"
    draft: bool = False
    page_offset: int = 0


def _draw_furniture(
    canvas: Canvas, furniture: PageFurniture, total: int | None, st: Styles
) -> None:
    """Everything around the content; the page number too when ``total`` is known (otherwise
    the canvas draws it when the document is saved: see ``_numbering_at_save``)."""
    regular, bold = letter_font()
    page = canvas.getPageNumber() + furniture.page_offset
    width, height = PAGE_SIZE
    canvas.saveState()
    if furniture.draft:
        _draw_watermark(canvas, bold)
    if furniture.running_head and page > 1:
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        canvas.drawString(MARGIN, height - 11 * mm, clean_text(furniture.running_head))
    if total is not None:
        _draw_page_number(canvas, furniture, total)
    if furniture.footer.strip():
        para = Para(markup(furniture.footer), st.footer)
        para.wrap(FRAME_WIDTH, BOTTOM_MARGIN)
        para.drawOn(canvas, MARGIN, 13 * mm)
    canvas.restoreState()


def _draw_page_number(canvas: Canvas, furniture: PageFurniture, total: int) -> None:
    regular, _bold = letter_font()
    number = f"Page {canvas.getPageNumber() + furniture.page_offset} of {total}"
    if furniture.reference:
        number = f"{clean_text(furniture.reference)} · {number}"
    canvas.saveState()
    canvas.setFont(regular, 8)
    canvas.setFillColor(colors.HexColor("#505a5f"))
    canvas.drawCentredString(PAGE_SIZE[0] / 2, 9 * mm, number)
    canvas.restoreState()


class _NumberingCanvas(Canvas):
    """Keeps each finished page until the document is saved, then writes "Page N of M" on every
    page: one layout pass instead of two (one to count, one to draw). With ``hold`` the save
    waits for ``number_and_save`` (a part of a bundle whose total is not known yet)."""

    furniture = PageFurniture()
    hold = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._finished_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._finished_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        if not self.hold:
            offset = self.furniture.page_offset
            self.number_and_save(offset, offset + len(self._finished_pages))

    def number_and_save(self, offset: int, total: int) -> None:
        furniture = replace(self.furniture, page_offset=offset)
        for state in self._finished_pages:
            self.__dict__.update(state)
            _draw_page_number(self, furniture, total)
            Canvas.showPage(self)
        Canvas.save(self)


def _numbering_at_save(furniture: PageFurniture, *, hold: bool = False) -> type[Canvas]:
    return type("NumberingCanvas", (_NumberingCanvas,), {"furniture": furniture, "hold": hold})


def _draw_watermark(canvas: Canvas, font: str) -> None:
    width, height = PAGE_SIZE
    size = 64.0
    diagonal = (width**2 + height**2) ** 0.5
    text_width = stringWidth(DRAFT_WATERMARK, font, size)
    if text_width > diagonal * 0.8:
        size *= diagonal * 0.8 / text_width
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
    canvas.setFont(font, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(54.7)  # roughly the A4 diagonal
    canvas.drawCentredString(0, -size / 3, DRAFT_WATERMARK)
    canvas.restoreState()


def build_pdf(
    make_story: Callable[[], list[Flowable]],
    *,
    title: str,
    author: str,
    subject: str = "",
    furniture: PageFurniture = PageFurniture(),
    total_pages: int | None = None,
) -> tuple[bytes, int]:
    """Build an A4 PDF; return (bytes, number of pages).

    "Page N of M" needs M, which is known only at the end: when ``total_pages`` is not given
    the pages are kept and numbered when the document is saved (footers never change the
    layout), so the story is laid out once.
    """
    st = styles()
    return _build_once(make_story(), title, author, subject, furniture, total_pages, st)


@dataclass
class LaidOut:
    """A document laid out once, waiting to learn where it sits in a bundle (its first page
    and the bundle's page count) before its page numbers are drawn."""

    pages: int
    _canvas: _NumberingCanvas
    _buffer: io.BytesIO

    def finish(self, offset: int, total: int) -> bytes:
        self._canvas.number_and_save(offset, total)
        return self._buffer.getvalue()


def lay_out(
    make_story: Callable[[], list[Flowable]],
    *,
    title: str,
    author: str,
    subject: str = "",
    furniture: PageFurniture = PageFurniture(),
) -> LaidOut:
    """Lay a document out once, for a bundle: ``finish(offset, total)`` numbers its pages.

    Until then ``furniture.page_offset`` only needs to say whether the part starts the bundle
    (the running head is left off the bundle's first page).
    """
    st = styles()
    buffer = io.BytesIO()
    canvases: list[_NumberingCanvas] = []
    maker = _numbering_at_save(furniture, hold=True)

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        canvas = maker(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    _, pages = _build_once(
        make_story(), title, author, subject, furniture, None, st, buffer, make_canvas
    )
    return LaidOut(pages, canvases[-1], buffer)


def _build_once(
    story: list[Flowable],
    title: str,
    author: str,
    subject: str,
    furniture: PageFurniture,
    total: int | None,
    st: Styles,
    buffer: io.BytesIO | None = None,
    canvasmaker: Callable[..., Canvas] | None = None,
) -> tuple[bytes, int]:
    buffer = buffer or io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=clean_text(title),
        author=clean_text(author),
        subject=clean_text(subject),
        creator="review_service",
        lang="en-GB",
        displayDocTitle=True,
        # Otherwise every page starts in Helvetica and the PDF references a font it never uses.
        initialFontName=st.body.fontName,
        initialFontSize=st.body.fontSize,
        initialLeading=st.body.leading,
    )
    pages = 0

    def on_page(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        nonlocal pages
        pages += 1
        _draw_furniture(canvas, furniture, total, st)

    if not story:
        story = [Spacer(1, 1)]
    if canvasmaker is None:
        canvasmaker = Canvas if total is not None else _numbering_at_save(furniture)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvasmaker)
    return buffer.getvalue(), pages


# ---------------------------------------------------------------------------------------------
# Public renderers


def render_letter(content: LetterContent) -> bytes:
    """Render a letter as an A4 PDF."""
    sections = content.sections
    table_at = content.table_after_section
    if content.table and table_at is not None and not 0 <= table_at < len(sections):
        raise ValueError(
            f"table_after_section={table_at} but the letter has {len(sections)} section(s)"
        )

    def story() -> list[Flowable]:
        st = styles()
        flow: list[Flowable] = letterhead_flowables(content.letterhead, st)
        flow.append(_addressee_block(content, st))
        flow.append(Spacer(1, 7 * mm))
        if content.version_note and content.version_note.strip():
            flow.append(boxed_note(content.version_note, st))
        flow.append(Para(markup(content.salutation), st.body))
        flow.append(Para(markup(content.subject), st.subject))
        table = data_table(content.table, st) if content.table else None
        blocks = section_flowables(sections, st)
        last = len(blocks) - 1 if table_at is None else table_at
        if table is not None and not blocks:
            flow.append(table)
        for index, block in enumerate(blocks):
            flow.extend(block)
            if table is not None and index == last:
                flow.append(table)
        # Keep the closing with the last paragraph, so the signature never stands alone.
        tail: list[Flowable] = []
        if flow and isinstance(flow[-1], Paragraph):
            tail.append(flow.pop())
        flow.append(KeepTogether([*tail, *_signature_block(content, st)]))
        return flow

    furniture = PageFurniture(
        footer=content.letterhead.footer,
        running_head=f"Our reference: {content.our_reference} · {format_date(content.letter_date)}",
        reference=content.our_reference,
        draft=content.draft,
    )
    pdf, _ = build_pdf(
        story,
        title=content.subject,
        author=content.letterhead.authority_name,
        subject=f"Our reference {content.our_reference}",
        furniture=furniture,
    )
    return pdf


def _addressee_block(content: LetterContent, st: Styles) -> Table:
    recipient = [content.recipient_name, *content.recipient_address_lines]
    if content.recipient_email.strip():
        label = "By e-mail" if content.recipient_address_lines else "By e-mail only"
        recipient.append(f"{label}: {content.recipient_email}")
    plain = _plain("address")
    left = [
        Para(markup(line), plain if i else _bold(plain))
        for i, line in enumerate(recipient)
        if line.strip()
    ]
    refs: list[tuple[str, str]] = [("Our reference", content.our_reference)]
    if content.request_reference and content.request_reference.strip():
        refs.append(("Our request reference", content.request_reference))
    if content.your_reference and content.your_reference.strip():
        refs.append(("Your reference", content.your_reference))
    refs.append(("Date", format_date(content.letter_date)))
    right_width = 84 * mm
    right = label_value_table(refs, st, label_width=42 * mm, width=right_width)
    return Table(
        [[left, right]],
        colWidths=[FRAME_WIDTH - right_width, right_width],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )


def _bold(style: ParagraphStyle) -> ParagraphStyle:
    _, bold = letter_font()
    return ParagraphStyle(f"{style.name}_bold", parent=style, fontName=bold)


@functools.cache
def _plain(name: str) -> ParagraphStyle:
    """The body style without space after: address lines, reference values, the signature."""
    return ParagraphStyle(name, parent=styles().body, spaceAfter=0)


def _signature_block(content: LetterContent, st: Styles) -> list[Flowable]:
    tight = _plain("signature")
    return [
        Spacer(1, 3 * mm),
        Para(markup(content.closing), st.body),
        Spacer(1, 12 * mm),  # room for a wet or image signature
        Para(markup(content.signatory_name), _bold(tight)),
        Para(markup(content.signatory_title), tight),
    ]


def render_document(
    title: str,
    letterhead: Letterhead | None,
    sections: tuple[Paragraphs, ...],
    table: tuple[tuple[str, ...], ...] = (),
) -> bytes:
    """A generic titled document, e.g. 'Copy of your complaint as filed'.

    The optional table follows the last section.
    """

    def story() -> list[Flowable]:
        st = styles()
        flow: list[Flowable] = []
        if letterhead is not None:
            flow.extend(letterhead_flowables(letterhead, st))
        flow.append(Para(markup(title), st.title))
        for block in section_flowables(sections, st):
            flow.extend(block)
        if table:
            grid = data_table(table, st)
            if grid is not None:
                flow.append(grid)
        return flow

    pdf, _ = build_pdf(
        story,
        title=title,
        author=letterhead.authority_name if letterhead else "",
        furniture=PageFurniture(footer=letterhead.footer if letterhead else ""),
    )
    return pdf
