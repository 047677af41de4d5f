"""PDFs for tests, made with reportlab: pages of text, or a page that is only a picture; and
reading a pack's bookmarks and index.

The same arguments always give the same bytes (reportlab's invariant mode leaves out the
creation time and the random document id)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from PIL import Image
from pypdf import PdfReader
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
