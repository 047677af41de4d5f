"""The bundle sent to the regulator: one indexed PDF, or a ZIP of separate files for upload.

Used for a requester's complaint to the ICO (FOIA s.50) or application to the SIC (FOISA s.47),
and for an authority's submission to the ICO. Database-free: callers build a ``Pack`` of plain
values, including the documents' bytes.

The single PDF is: cover page, index, chronology, the letter, then each document. PDF documents
are merged unedited (the ICO asks for unedited copies); plain-text documents are typeset first;
a picture (JPEG, PNG) becomes a page of its own, scaled to fit it; a Word document is printed
as its text, with a note that the original is in the ZIP. In the ZIP every document goes as
it is, byte for byte: the ICO's upload form takes PDF, Word, picture and .txt files.
The index prints the page on which each part starts, and the PDF outline has one bookmark per
part pointing at that same page.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypedDict

from pypdf import PageObject, PasswordType, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from review_service.documents.media_check import (
    MediaVerdict,
    check_docx,
    check_image,
    docx_text,
    image_for_page,
)
from review_service.documents.pdf_disarm import disarm
from review_service.letters.fonts import letter_font
from review_service.letters.render import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    PAGE_SIZE,
    TOP_MARGIN,
    LaidOut,
    PageFurniture,
    Para,
    Paragraphs,
    PlainLines,
    Styles,
    build_pdf,
    data_table,
    format_date,
    label_value_table,
    lay_out,
    markup,
    section_flowables,
    styles,
)

PDF = "application/pdf"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
PNG = "image/png"
# Documents that go into the ZIP as they are, with their own extension (PDFs too).
AS_THEY_ARE = {PDF: ".pdf", DOCX: ".docx", JPEG: ".jpg", PNG: ".png"}
# Plain text too: the ICO's form accepts .txt files, so it goes in its own bytes and encoding.
IN_THE_ZIP = {**AS_THEY_ARE, TEXT: ".txt"}

# The ICO's complaint form takes files of up to 1.5 MB each.
ICO_UPLOAD_LIMIT = 1_500_000


@dataclass(frozen=True)
class ChronologyEntry:
    day: date
    event: str
    note: str = ""  # e.g. "27 working days after the request for review"


@dataclass(frozen=True)
class PackDocument:
    title: str
    filename: str
    day: date | None
    content: bytes
    media_type: str  # PDF, TEXT (with its charset), DOCX, JPEG or PNG
    # The PDF already opened from ``content`` (by ``open_pdf`` when the case's documents were
    # listed), so that making the pack does not parse it a second time.
    opened: PdfReader | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NotIncluded:
    title: str
    filename: str
    reason: str  # a clause that follows the document's name: "it needs a password to open"

    def sentence(self) -> str:
        return f"{self.title} ({self.filename}): {self.reason}."


@dataclass(frozen=True)
class Pack:
    # "Complaint to the Information Commissioner" / "Application to the Scottish Information
    # Commissioner" / "Submission to the Information Commissioner"
    title: str
    regulator_name: str
    regulator_address_lines: tuple[str, ...]
    case_reference: str
    authority_name: str
    requester_name: str
    prepared_on: date
    # (label, value) rows on the cover, e.g. ("Provisions disputed", "s.24(2), s.31(3)")
    cover_lines: tuple[tuple[str, str], ...]
    chronology: tuple[ChronologyEntry, ...]
    # The complaint letter (answers to the regulator's questions) or the submission's arguments.
    letter_sections: tuple[Paragraphs, ...]
    letter_heading: str
    documents: tuple[PackDocument, ...]
    # Documents the case holds that cannot go into the pack, each with the reason: the bundle
    # is made without them and says so, rather than failing for one document.
    not_included: tuple[NotIncluded, ...] = ()


# ---------------------------------------------------------------------------------------------
# Public API


def render_pack(pack: Pack) -> bytes:
    """The whole pack as one PDF with an index and one outline bookmark per part.

    A document that cannot be opened or merged is left out and listed in the index as not
    included, with the reason: one document never stops the pack from being made.
    """
    pack, sources = _sorted_out(pack)
    titles = ["Chronology", pack.letter_heading or "Letter"]
    titles += [doc.title for doc in pack.documents]

    # Parts after the front matter: what we typeset, laid out once (its page numbers are drawn
    # when the bundle's numbering is known), or the opened reader of a PDF merged as it is.
    laid_out: list[LaidOut | PdfReader] = [_lay_out_chronology(pack), _lay_out_letter(pack)]
    for doc, source in zip(pack.documents, sources, strict=True):
        laid_out.append(
            source if isinstance(source, PdfReader) else _lay_out_text(pack, doc, source)
        )
    rest = [len(p.pages) if isinstance(p, PdfReader) else p.pages for p in laid_out]

    # The front (cover and index) prints where each part starts, so where the parts start
    # depends on its own length: guess the usual length, and render again only when the
    # guess was wrong (a long index or cover) until it settles.
    front_pages = USUAL_FRONT_PAGES
    counts: list[int] = []
    for _ in range(4):
        counts = [front_pages, *rest]
        starts = _starts(counts)
        front, pages = _render_front(pack, titles, starts[1:], sum(counts))
        if pages == front_pages:
            break
        front_pages = pages
    else:  # pragma: no cover - would need an index that grows with its own numbers
        raise RuntimeError("The pack's page numbering did not settle; cannot build the index")
    total = sum(counts)
    parts: list[bytes | PdfReader] = [front]
    for start, part in zip(starts[1:], laid_out, strict=True):
        parts.append(part if isinstance(part, PdfReader) else part.finish(start - 1, total))

    starts = _starts(counts)
    writer = PdfWriter()
    for i, merged in enumerate(parts):
        reader = merged if isinstance(merged, PdfReader) else PdfReader(io.BytesIO(merged))
        try:
            writer.append(reader, import_outline=False)
        except Exception:  # a malformed document can fail deep inside pypdf
            if i < 3:  # the front, the chronology and the letter are ours
                raise
            unmerged = pack.documents[i - 3]
            return render_pack(_left_out(pack, unmerged, "it could not be merged into the pack"))
    disarm(writer)  # merged pages keep what they print, never their scripts or actions
    try:
        _stamp_page_numbers(writer)
    except _StampFailed as failure:  # a merged page whose box, rotation or resources are junk
        failed = max(i for i, start in enumerate(starts) if start - 1 <= failure.page_index)
        if failed < 3:
            raise
        unmerged = pack.documents[failed - 3]
        return render_pack(_left_out(pack, unmerged, "it could not be merged into the pack"))
    for title, start in zip(titles, starts[1:], strict=True):
        writer.add_outline_item(title=title, page_number=start - 1)
    writer.add_metadata(
        {
            "/Title": f"{pack.title} – {pack.case_reference}",
            "/Subject": f"{pack.authority_name}; requester {pack.requester_name}",
            "/Creator": "review_service",
        }
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pack_zip(pack: Pack, *, size_limit: int = ICO_UPLOAD_LIMIT) -> tuple[bytes, list[str]]:
    """Separate files for the regulator's upload form, zipped; plus warnings about sizes.

    "01-complaint-letter.pdf" holds the letter with the chronology; then one file per document,
    "02-<slug of its title>.pdf" and so on. Every document is included byte for byte, with its
    own extension (.pdf, .docx, .jpg, .png, .txt): the regulator asks for unedited copies, and
    its form accepts each of these. Each file over
    ``size_limit`` bytes is named in a warning (the ICO accepts up to 1.5 MB per file).
    """
    pack, _sources = _sorted_out(pack)
    width = max(2, len(str(len(pack.documents) + 1)))
    files: list[tuple[str, bytes]] = [
        (f"{1:0{width}d}-complaint-letter.pdf", _render_standalone_letter(pack))
    ]
    for number, doc in enumerate(pack.documents, start=2):
        kind, _ = _media_type(doc)  # one of IN_THE_ZIP: _sorted_out left out any other
        files.append((f"{number:0{width}d}-{slugify(doc.title)}{IN_THE_ZIP[kind]}", doc.content))
    if pack.not_included:
        # Plain text beside the PDFs, for whoever unpacks it; never uploaded to the regulator.
        lines = [NOT_INCLUDED_INTRO, "", *(f"- {item.sentence()}" for item in pack.not_included)]
        files.append(("not-included.txt", ("\r\n".join(lines) + "\r\n").encode("utf-8")))

    warnings = [
        f"{name} is {human_size(len(content))} ({len(content):,} bytes), over the "
        f"{human_size(size_limit)} limit for each file: compress or split it before uploading."
        for name, content in files
        if len(content) > size_limit
    ]
    warnings += [f"Not included: {item.sentence()}" for item in pack.not_included]
    stamp = (max(pack.prepared_on.year, 1980), pack.prepared_on.month, pack.prepared_on.day,
             0, 0, 0)  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue(), warnings


def slugify(text: str, max_length: int = 60) -> str:
    """'Refusal notice (3 May 2026)' -> 'refusal-notice-3-may-2026'; ASCII for upload forms."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "document"


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} KB"
    return f"{size} bytes"


# ---------------------------------------------------------------------------------------------
# The pack's own page numbers

STAMP = "Pack page {page} of {total}"
STAMP_FONT_SIZE = 8
STAMP_RIGHT = 8 * mm  # from the right edge of the visible page to the end of the number
STAMP_TOP = 7 * mm  # from the top edge to the number's baseline


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """Print "Pack page N of M" at the top right of every page, over whatever is there.

    Merged documents keep their own footers ("Page 1 of 2"), so the numbers the index gives
    would otherwise be printed nowhere on their pages (issue 12 item 10). The top edge is used
    because documents number their own pages at the foot; a small white panel keeps the stamp
    readable on a scan that runs to the edge. A page turned by /Rotate is turned in its content
    first, so that the stamp is upright and at the top right of the page as it is displayed.

    The stamp is a content stream added after the page's own, which are left byte for byte as
    they were (wrapped in q/Q, so that a page ending in a changed graphics state cannot move
    the stamp), with its font under a name of its own. pypdf's merge_page would do the same but
    parses both pages' content and compares every font of every page with the stamp's, which
    made a 200-page pack take twice as long.
    """
    pages = list(writer.pages)
    total = len(pages)
    font = _stamp_font(writer)
    # pypdf has no public way to add a stream to a writer; _add_object is what its own
    # merge_page uses.
    opening = writer._add_object(_stream(b"q\n"))
    for number, page in enumerate(pages, start=1):
        try:
            _stamp_page(writer, page, number, total, font, opening)
        except Exception as error:  # pypdf raises many types on a damaged page
            raise _StampFailed(number - 1) from error


class _StampFailed(Exception):
    def __init__(self, page_index: int) -> None:
        super().__init__(f"page {page_index + 1} could not be numbered")
        self.page_index = page_index


def _stamp_page(
    writer: PdfWriter,
    page: PageObject,
    number: int,
    total: int,
    font: IndirectObject,
    opening: IndirectObject,
) -> None:
    regular, _ = letter_font()
    if page.rotation % 360:
        page.transfer_rotation_to_content()
    box = page.cropbox
    text = STAMP.format(page=number, total=total)
    width = stringWidth(text, regular, STAMP_FONT_SIZE)
    right = float(box.right) - STAMP_RIGHT
    baseline = float(box.top) - STAMP_TOP
    # White panel, then the number right-aligned on it. The text is ASCII, which
    # reportlab's subset of the font keeps at its own codes.
    closing = (
        f"\nQ\nq 1 g {right - width - 2 * mm:.2f} {baseline - 1.6 * mm:.2f} "
        f"{width + 4 * mm:.2f} {STAMP_FONT_SIZE + 2.2 * mm:.2f} re f 0.043 0.047 0.047 rg "
        f"BT {_STAMP_FONT} {STAMP_FONT_SIZE} Tf {right - width:.2f} {baseline:.2f} Td "
        f"({text}) Tj ET Q\n"
    )
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    fonts = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
    fonts[NameObject(_STAMP_FONT)] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    contents = page.get("/Contents")
    own = contents.get_object() if contents is not None else ArrayObject()
    streams = list(own) if isinstance(own, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [opening, *streams, writer._add_object(_stream(closing.encode("ascii")))]
    )


_STAMP_FONT = "/PackPageStampFont"


def _stamp_font(writer: PdfWriter) -> IndirectObject:
    """The letters' regular font, embedded once in the pack for every stamp: taken from a
    sheet reportlab typesets with it, whose subset holds every ASCII character."""
    sheet = PdfReader(io.BytesIO(_stamp_sheet())).pages[0]
    resources = sheet["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, DictionaryObject)
    ((_, font),) = fonts.items()
    return font.clone(writer).indirect_reference


@functools.cache
def _stamp_sheet() -> bytes:
    """The sheet the stamp's font is taken from, typeset once per process (its bytes never
    change; each pack parses its own copy)."""
    regular, _ = letter_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=regular, initialFontSize=STAMP_FONT_SIZE)
    canvas.drawString(0, 0, STAMP.format(page=1234567890, total=0))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


# ---------------------------------------------------------------------------------------------
# Documents


# (page offset, total pages or None to count them) -> (PDF bytes, pages)


def _describe(doc: PackDocument) -> str:
    return f"Document '{doc.title}' ({doc.filename})"


def _media_type(doc: PackDocument) -> tuple[str, str | None]:
    """('text/plain', 'utf-8') from 'text/plain; charset=utf-8'."""
    kind, _, params = doc.media_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    return kind.strip().lower(), charset


NOT_INCLUDED_INTRO = (
    "These documents are held on the case but could not be included in this pack, for the "
    "reason given. Ask for them to be replaced with a copy that can be opened."
)


class DocumentUnusable(ValueError):
    """A document that cannot go into the pack; ``reason`` says why, after its name."""

    def __init__(self, doc: PackDocument, reason: str) -> None:
        super().__init__(f"{_describe(doc)}: {reason}")
        self.reason = reason


# What a document becomes in the pack: the opened PDF, a picture or Word document read (in a
# bounded process: media_check), or None for a plain-text document.
Source = PdfReader | MediaVerdict | None


def _unreadable(kind: str) -> str:
    what = "Word document" if kind == DOCX else "picture"
    return f"it is not a {what} that can be read (it may be damaged)"


def _open_document(doc: PackDocument) -> Source:
    """The opened PDF of a PDF document, the page picture of an image, the text of a Word
    document, None for a text document.

    Raises DocumentUnusable when it cannot go into the pack: a PDF that needs a password, a
    file that is not a readable PDF, picture or Word document, or a media type we cannot
    reproduce.
    """
    kind, _ = _media_type(doc)
    if kind == TEXT:
        return None
    if kind in (DOCX, JPEG, PNG):
        verdict = docx_text(doc.content) if kind == DOCX else image_for_page(doc.content)
        if not verdict.usable:
            raise DocumentUnusable(doc, _unreadable(kind))
        return verdict
    if kind != PDF:
        raise DocumentUnusable(
            doc,
            f"it is of type {doc.media_type!r}; only PDF, Word, picture and plain-text "
            "documents can go into the pack",
        )
    if doc.opened is not None:
        return doc.opened
    try:
        reader = PdfReader(io.BytesIO(doc.content))
        if reader.is_encrypted:
            # Many authorities send PDFs with only an owner password (printing or copying
            # restricted): those open with an empty password and can be merged.
            try:
                opened = reader.decrypt("")
            except Exception:  # unsupported cipher, missing crypto library, corrupt keys
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                raise DocumentUnusable(
                    doc,
                    "it is encrypted and needs a password to open; attach a copy without "
                    "password protection",
                )
        page_count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - force each page's dictionary to be parsed now
    except DocumentUnusable:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise DocumentUnusable(doc, "it is not a readable PDF (it may be damaged)") from exc
    if page_count == 0:
        raise DocumentUnusable(doc, "it is a PDF with no pages")
    return reader


# Word documents and pictures found readable, by type and SHA-256. A stored file never changes,
# so the checklist reads each one once per process rather than on every page view (each read is
# a bounded subprocess: 0.1-0.5 s). A failure is not kept: a time-out may be the machine's load.
_READABLE: set[tuple[str, str]] = set()
_READABLE_MAX = 10_000


def unusable_reason(doc: PackDocument) -> str:
    """Why ``doc`` cannot go into a pack, or "" if it can (for the checklist: a Word document or
    picture is read as its upload was, without making its page)."""
    kind, _ = _media_type(doc)
    if kind in (DOCX, JPEG, PNG):
        key = (kind, hashlib.sha256(doc.content).hexdigest())
        if key in _READABLE:
            return ""
        verdict = check_docx(doc.content) if kind == DOCX else check_image(doc.content)
        if not verdict.usable:
            return _unreadable(kind)
        if len(_READABLE) >= _READABLE_MAX:
            _READABLE.clear()
        _READABLE.add(key)
        return ""
    try:
        _open_document(doc)
    except DocumentUnusable as error:
        return error.reason
    return ""


def open_pdf(doc: PackDocument) -> tuple[PdfReader | None, str]:
    """A PDF document opened as the bundle opens it: (its reader, ""), or (None, why it cannot
    go into a pack). The reader goes with the document (``PackDocument.opened``)."""
    try:
        source = _open_document(doc)
    except DocumentUnusable as error:
        return None, error.reason
    return (source if isinstance(source, PdfReader) else None), ""


def _sorted_out(pack: Pack) -> tuple[Pack, list[Source]]:
    """The pack with only the documents that open (each one's reader or reading, None for
    text), the others moved to ``not_included`` with the reason."""
    kept: list[PackDocument] = []
    sources: list[Source] = []
    left_out = list(pack.not_included)
    for doc in pack.documents:
        try:
            source = _open_document(doc)
        except DocumentUnusable as error:
            left_out.append(NotIncluded(doc.title, doc.filename, error.reason))
            continue
        kept.append(doc)
        sources.append(source)
    return replace(pack, documents=tuple(kept), not_included=tuple(left_out)), sources


def _left_out(pack: Pack, doc: PackDocument, reason: str) -> Pack:
    return replace(
        pack,
        documents=tuple(d for d in pack.documents if d is not doc),
        not_included=(*pack.not_included, NotIncluded(doc.title, doc.filename, reason)),
    )


def _decode_text(doc: PackDocument) -> str:
    _, charset = _media_type(doc)
    for encoding in (charset, "utf-8-sig"):
        if not encoding:
            continue
        try:
            return doc.content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # Windows text files are the usual non-UTF-8 case.
    return doc.content.decode("cp1252", errors="replace")


# ---------------------------------------------------------------------------------------------
# Parts


def _starts(counts: list[int]) -> list[int]:
    """1-based first page of each part."""
    starts, page = [], 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


def _lay_out(
    pack: Pack, story: Callable[[], list[Flowable]], title: str, offset: int = 1
) -> LaidOut:
    # A part after the front matter never holds the bundle's first page: offset 1 until the
    # real one is known (it only decides whether the first page has the running head).
    return lay_out(story, **_described(pack, title, offset))


def _build(pack: Pack, story: Callable[[], list[Flowable]], title: str, offset: int,
           total: int | None) -> tuple[bytes, int]:  # fmt: skip
    return build_pdf(story, **_described(pack, title, offset), total_pages=total)


class _Described(TypedDict):
    title: str
    author: str
    subject: str
    furniture: PageFurniture


def _described(pack: Pack, title: str, offset: int) -> _Described:
    """What every PDF of the pack says of itself (its title, the authority as its author, the
    case as its subject) and its page furniture."""
    return {
        "title": title,
        "author": pack.authority_name,
        "subject": pack.case_reference,
        "furniture": PageFurniture(
            running_head=f"{pack.title} · {pack.case_reference}",
            reference=pack.case_reference,
            page_offset=offset,
        ),
    }


def _cover_flowables(pack: Pack, st: Styles) -> list[Flowable]:
    flow: list[Flowable] = [Para(markup(pack.title), st.title), Spacer(1, 4 * mm)]
    flow.append(Para("To", st.heading))
    address = ParagraphStyle("address", parent=st.body, spaceAfter=0)
    for i, line in enumerate((pack.regulator_name, *pack.regulator_address_lines)):
        if line.strip():
            style = address if i else ParagraphStyle("name", parent=st.subject, spaceAfter=1)
            flow.append(Para(markup(line), style))
    flow.append(Spacer(1, 6 * mm))
    rows = [
        ("Reference", pack.case_reference),
        ("Public authority", pack.authority_name),
        ("Requester", pack.requester_name),
        ("Prepared on", format_date(pack.prepared_on)),
        *pack.cover_lines,
    ]
    flow.append(label_value_table(rows, st, label_width=55 * mm, width=FRAME_WIDTH))
    return flow


USUAL_FRONT_PAGES = 2  # the cover, then an index that fits on one page


def _render_front(
    pack: Pack, titles: list[str], starts: list[int], total: int
) -> tuple[bytes, int]:
    """Cover page and index, which gives the page on which each part starts."""
    dated = [None, None, *(doc.day for doc in pack.documents)]

    def story() -> list[Flowable]:
        st = styles()
        flow = _cover_flowables(pack, st)
        flow.append(PageBreak())
        flow.append(Para("Index", st.title))
        rows = [("No.", "Part", "Dated", "Page")]
        for i, (title, day) in enumerate(zip(titles, dated, strict=True)):
            number = "" if i < 2 else str(i - 1)
            rows.append((number, title, format_date(day) if day else "", str(starts[i])))
        widths = [12 * mm, FRAME_WIDTH - 12 * mm - 36 * mm - 18 * mm, 36 * mm, 18 * mm]
        table = data_table(rows, st, widths=widths, align_right_last=True)
        if table is not None:
            flow.append(table)
        flow.append(
            Para(
                markup(
                    "Page numbers are the pack page numbers printed at the top right of every "
                    "page. Documents follow the letter in the order above, each reproduced in "
                    "full with its own page numbers."
                ),
                st.small,
            )
        )
        if pack.not_included:
            flow.append(Para("Not included", st.heading))
            flow.append(Para(markup(NOT_INCLUDED_INTRO), st.body))
            flow += [Para(markup(item.sentence()), st.body) for item in pack.not_included]
        return flow

    return _build(pack, story, pack.title, 0, total)


def _chronology_flowables(pack: Pack, st: Styles) -> list[Flowable]:
    # Stable sort: same-day events keep the order the caller gave.
    entries = sorted(pack.chronology, key=lambda entry: entry.day)
    if not entries:
        return [Para("No events recorded.", st.body)]
    rows = [("Date", "Event", "Note")]
    rows += [(format_date(e.day), e.event, e.note) for e in entries]
    rest = FRAME_WIDTH - 34 * mm
    table = data_table(rows, st, widths=[34 * mm, rest * 0.6, rest * 0.4])
    return [table] if table is not None else []


def _lay_out_chronology(pack: Pack) -> LaidOut:
    def story() -> list[Flowable]:
        st = styles()
        return [Para("Chronology", st.title), *_chronology_flowables(pack, st)]

    return _lay_out(pack, story, f"Chronology – {pack.case_reference}")


def _letter_flowables(pack: Pack, st: Styles, heading_style: str) -> list[Flowable]:
    style = st.title
    if heading_style != "title":  # below the cover details: between title and section heading
        style = ParagraphStyle(
            "letter_heading", parent=st.heading, fontSize=14, leading=18, spaceBefore=10
        )
    flow: list[Flowable] = [Para(markup(pack.letter_heading or "Letter"), style)]
    for block in section_flowables(pack.letter_sections, st):
        flow.extend(block)
    return flow


def _lay_out_letter(pack: Pack) -> LaidOut:
    def story() -> list[Flowable]:
        st = styles()
        return _letter_flowables(pack, st, "title")

    return _lay_out(pack, story, pack.letter_heading)


def _render_standalone_letter(pack: Pack) -> bytes:
    """The letter on its own for the upload form: cover details, letter, then chronology."""

    def story() -> list[Flowable]:
        st = styles()
        flow = _cover_flowables(pack, st)
        flow.append(Spacer(1, 6 * mm))
        flow.extend(_letter_flowables(pack, st, "heading"))
        flow.append(Para("Chronology", st.heading))
        flow.extend(_chronology_flowables(pack, st))
        return flow

    pdf, _ = _build(pack, story, pack.title, 0, None)
    return pdf


# The room a picture has on its page: the frame (less its padding) below the title lines.
PICTURE_WIDTH = FRAME_WIDTH - 12
PICTURE_HEIGHT = PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN - 12 - 32 * mm


def _picture(verdict: MediaVerdict) -> Image:
    """The picture scaled to fit the page; a small one at its size on screen, not blown up."""
    scale = min(
        PICTURE_WIDTH / verdict.width,
        PICTURE_HEIGHT / verdict.height,
        72 / 96,  # a small picture at its natural size on screen, not blown up
    )
    return Image(
        io.BytesIO(verdict.page_image), width=verdict.width * scale, height=verdict.height * scale
    )


def _lay_out_text(pack: Pack, doc: PackDocument, source: Source = None, offset: int = 1) -> LaidOut:
    """A plain-text document typeset, a Word document's text with a note that the original is
    in the ZIP, or a picture on a page of its own."""
    kind, _ = _media_type(doc)
    reading = source if isinstance(source, MediaVerdict) else None

    def story() -> list[Flowable]:
        st = styles()
        if reading is not None and kind in (JPEG, PNG):
            details = [f"The picture {doc.filename}, scaled to fit the page"]
        elif reading is not None:
            details = [
                f"The text of the Word document {doc.filename}. The original, with its layout "
                "and any pictures, is in the ZIP of separate files"
            ]
        else:
            details = [f"Reproduced from the text file {doc.filename}"]
        if doc.day:
            details.insert(0, f"Dated {format_date(doc.day)}")
        flow: list[Flowable] = [
            Para(markup(doc.title), st.title),
            Para(markup(" · ".join(details)), st.small),
            Spacer(1, 5 * mm),
        ]
        if reading is not None and kind in (JPEG, PNG):
            flow.append(_picture(reading))
            return flow
        text = reading.text if reading is not None else _decode_text(doc)
        text = text.strip("\n")
        blocks = [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
        if not blocks:
            flow.append(Para("(This document is empty.)", st.body))
        for block in blocks:
            flow.append(PlainLines(block, st.body))
        return flow

    return _lay_out(pack, story, doc.title, offset)
