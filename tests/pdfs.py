"""PDFs for tests, made with reportlab: pages of text, or a page that is only a picture.

The same arguments always give the same bytes (reportlab's invariant mode leaves out the
creation time and the random document id)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from PIL import Image
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
