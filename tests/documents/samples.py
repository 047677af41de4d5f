"""Files people upload, and hostile ones dressed as them: pictures, Word documents, bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from PIL import Image

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def picture(size: tuple[int, int] = (640, 480), fmt: str = "PNG", colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 7):  # something to see, and to compress
        image.putpixel((x, size[1] // 2), (255, 255, 255))
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def word(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 10_000) -> bytes:
    """A real decompression bomb: a 1-bit black square of side x side pixels (100 million by
    default: 100 MB once Pillow decodes it), a few kilobytes as a file."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)  # filter byte, then the row's bits
    squash = zlib.compressobj(9)
    rows = row * 1000
    body = b"".join(squash.compress(rows) for _ in range(side // 1000))
    body += squash.compress(row * (side % 1000)) + squash.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    ).encode()


def zip_bomb_docx(megabytes: int = 20) -> bytes:
    """A Word document with a member that unpacks to ``megabytes`` of zeros (about a thousand
    times its packed size): the real document is inside, the bomb beside it."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(word("Hello")), "r") as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("word/media/image1.bin", "w", force_zip64=True) as member:
            zeros = b"\x00" * (4 * 1024 * 1024)
            for _ in range(megabytes // 4):
                member.write(zeros)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def spreadsheet_as_docx() -> bytes:
    """An Excel workbook (a ZIP like a .docx), named .docx."""
    return zip_of(
        {"[Content_Types].xml": _content_types(SHEET_MAIN), "xl/workbook.xml": b"<workbook/>"}
    )


def macro_docx() -> bytes:
    """A macro-enabled Word document (.docm) named .docx."""
    return zip_of({"[Content_Types].xml": _content_types(MACRO_MAIN), "word/document.xml": b"<w/>"})


def photos_zip() -> bytes:
    """A plain ZIP of pictures, named .docx."""
    return zip_of({"holiday.png": picture((8, 8))})


OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # Word 97-2003, or encrypted
