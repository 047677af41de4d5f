"""Read an uploaded image or Word document: run as a script, in a process of its own.

``python media_reader.py WHAT MEMORY CPU_SECONDS MAX_PIXELS < file`` prints one JSON object. WHAT is

- ``image``: a JPEG or PNG is opened with Pillow (only those two formats), its size checked
  against ``MAX_PIXELS`` before a single pixel is decoded (a decompression bomb is a small file
  that declares a huge picture), then decoded in full. The answer: ``width``, ``height``,
  ``format`` and, if it cannot be used, a ``problem`` code.
- ``image-page``: as ``image``, and also ``data``: the picture as it should be printed on a
  page (turned as the camera's EXIF orientation says, flattened onto white, at most
  ``PAGE_EDGE`` pixels on its longer side), base64-encoded JPEG or PNG, with its ``format``.
- ``docx``: a Word document is a ZIP, so its directory is read first and refused when it
  has too many members or would unpack to too much (a zip bomb), or is not a Word document
  (no word/document.xml, or another main part: a macro-enabled .docm, a spreadsheet); then
  python-docx reads it and the answer has its ``text``: paragraphs (a blank line between
  them) and tables (a row a line) in document order.

It imports nothing of the service, so it starts quickly, and limits its own memory and
processor time; media_check.py also kills it when its time limit is up.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

MAX_PIXELS = 40_000_000  # unless told otherwise (media_check passes its own)
PAGE_EDGE = 2400  # pixels on the longer side of a picture printed on a page: A4 at ~280 dpi

# A Word document's ZIP: how many members, and how much they may unpack to in all.
MAX_MEMBERS = 2000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200  # unpacked to packed, per member larger than 1 MB unpacked (XML packs ~10:1)
MAX_TEXT = 2_000_000  # characters of text kept

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"


def read_image(data: bytes, *, page: bool, max_pixels: int = MAX_PIXELS) -> dict[str, object]:
    from PIL import Image

    before, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels  # Pillow's own guard
    try:
        return _read_image(Image, data, page=page, max_pixels=max_pixels)
    finally:
        Image.MAX_IMAGE_PIXELS = before


def _read_image(Image: Any, data: bytes, *, page: bool, max_pixels: int) -> dict[str, object]:  # noqa: N803
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return {"problem": "too-big"}
        except Exception:  # noqa: BLE001 - not an image Pillow can open as JPEG or PNG
            return {"problem": "damaged"}
        width, height = image.size
        answer: dict[str, object] = {"width": width, "height": height, "format": image.format}
        if width < 1 or height < 1:
            return {**answer, "problem": "damaged"}
        if width * height > max_pixels:
            return {**answer, "problem": "too-big"}
        try:
            image.load()  # every pixel decoded: a truncated or corrupt file fails here
            if getattr(image, "n_frames", 1) > 1:  # an animated PNG: only its first frame
                image.seek(0)
            if page:
                answer.update(_for_page(image))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return {**answer, "problem": "too-big"}
        except (Exception, MemoryError):  # noqa: BLE001 - Pillow fails many ways
            return {**answer, "problem": "damaged"}
    return {**answer, "problem": ""}


def _for_page(image: object) -> dict[str, object]:
    from PIL import Image, ImageOps

    assert isinstance(image, Image.Image)
    source_format = image.format
    turned = ImageOps.exif_transpose(image) or image
    if turned.mode in ("RGBA", "LA", "PA") or (
        turned.mode == "P" and "transparency" in turned.info
    ):
        rgba = turned.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        turned = flat
    elif turned.mode not in ("RGB", "L"):
        turned = turned.convert("RGB")
    if max(turned.size) > PAGE_EDGE:
        turned.thumbnail((PAGE_EDGE, PAGE_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if source_format == "JPEG":
        turned.save(out, "JPEG", quality=88)
        kind = "JPEG"
    else:
        turned.save(out, "PNG", optimize=False)
        kind = "PNG"
    return {
        "data": base64.b64encode(out.getvalue()).decode("ascii"),
        "page_format": kind,
        "page_width": turned.size[0],
        "page_height": turned.size[1],
    }


def read_docx(data: bytes) -> dict[str, object]:
    """The text of a Word document, or a problem code."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return {"problem": "damaged"}
    if len(members) > MAX_MEMBERS:
        return {"problem": "too-big"}
    unpacked = 0
    for member in members:
        if member.flag_bits & 0x1:
            return {"problem": "password"}
        unpacked += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return {"problem": "too-big"}
    if unpacked > MAX_UNPACKED:
        return {"problem": "too-big"}
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        return {"problem": "not-word"}
    try:
        types = archive.read("[Content_Types].xml")  # at most MAX_UNPACKED: checked above
    except Exception:  # noqa: BLE001 - a damaged member
        return {"problem": "damaged"}
    if WORD_MACRO.encode() in types:
        return {"problem": "macros"}
    if WORD_MAIN.encode() not in types:
        return {"problem": "not-word"}
    try:
        import docx
        from docx.table import Table

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
            blocks: list[str] = []
            size = 0
            for block in document.iter_inner_content():
                if isinstance(block, Table):
                    cells = ([" ".join(c.text.split()) for c in row.cells] for row in block.rows)
                    text = "\n".join(" | ".join(c for c in row if c) for row in cells)
                else:
                    text = block.text
                blocks.append(text)
                size += len(text)
                if size > MAX_TEXT:
                    break
    except (Exception, MemoryError, RecursionError):  # noqa: BLE001 - damaged XML, missing parts
        return {"problem": "damaged"}
    text = "\n\n".join(block for block in blocks if block.strip())[:MAX_TEXT]
    return {"text": text, "problem": ""}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))  # run with -I: pdf_reader.py is beside us
    from pdf_reader import limit_process

    what = sys.argv[1]
    memory, cpu_seconds, max_pixels = (int(arg) for arg in sys.argv[2:5])
    limit_process(memory, cpu_seconds)
    data = sys.stdin.buffer.read()
    if what == "docx":
        answer = read_docx(data)
    else:
        answer = read_image(data, page=what == "image-page", max_pixels=max_pixels)
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
