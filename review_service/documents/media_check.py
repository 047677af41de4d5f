"""Open an uploaded image or Word document before it is kept, as the regulator's pack will.

Images (JPEG, PNG) and Word documents (.docx) are read by media_reader.py in a process of its
own, bounded as PDFs are (pdf_check.run_bounded: memory, processor time, time in all): Pillow
checks a picture's declared size before decoding it (a decompression bomb), and a .docx, a
ZIP, has its directory checked before anything is unpacked (a zip bomb). Whatever goes wrong
there is a refusal with a message for the person uploading, never an error of the service.

The same reading gives the pack what it prints: a picture scaled for a page
(``image_for_page``) and a Word document's text (``docx_text``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from review_service.documents.pdf_check import CPU_LIMIT, MEMORY_LIMIT, TIME_LIMIT, run_bounded

READER = Path(__file__).with_name("media_reader.py")
MAX_PIXELS = 40_000_000  # a phone photo is 12 million pixels, an A4 page scanned at 600 dpi 35

IMAGE_MESSAGES = {
    "damaged": (
        "The selected picture cannot be opened: it may be damaged. Save it again as a JPEG or "
        "PNG and upload that"
    ),
    "too-big": (
        f"The selected picture is too large: it must have {MAX_PIXELS // 1_000_000} million "
        "pixels or fewer. Make it smaller, or save it as a PDF, and upload that"
    ),
    "too-slow": (
        "The selected picture took too long to open. Save it again as a JPEG or PNG and upload that"
    ),
}
DOCX_MESSAGES = {
    "damaged": (
        "The selected Word document cannot be opened: it may be damaged. Save it again as a "
        ".docx file, or as a PDF, and upload that"
    ),
    "not-word": (
        "The selected file is not a Word document: upload a PDF, a Word document (.docx), a "
        "picture (JPEG or PNG) or a plain text file"
    ),
    "macros": (
        "The selected Word document contains macros. Save it as a Word document (.docx) or a "
        "PDF and upload that"
    ),
    "password": (
        "The selected Word document is protected by a password. Remove the password and upload "
        "it again"
    ),
    "too-big": (
        "The selected Word document unpacks to too much data to be read. Save it as a PDF and "
        "upload that"
    ),
    "too-slow": (
        "The selected Word document took too long to read. Save it as a PDF and upload that"
    ),
}


@dataclass(frozen=True)
class MediaVerdict:
    problem: str = ""  # a message for the uploader; empty when the file can be used
    text: str = ""  # a Word document's text
    page_image: bytes = b""  # a picture as it is printed on a page (JPEG or PNG)
    width: int = 0
    height: int = 0

    @property
    def usable(self) -> bool:
        return not self.problem


def _read(what: str, data: bytes, messages: dict[str, str], time_limit: float) -> MediaVerdict:
    cpu = min(CPU_LIMIT, max(1, int(time_limit)))
    limits = [what, str(MEMORY_LIMIT), str(cpu), str(MAX_PIXELS)]
    answer = run_bounded(READER, limits, data, time_limit=time_limit)
    if not isinstance(answer, dict):
        return MediaVerdict(problem=messages["too-slow" if answer == "too-slow" else "damaged"])
    code = str(answer.get("problem", "damaged"))
    if code:
        return MediaVerdict(problem=messages.get(code, messages["damaged"]))
    try:
        return MediaVerdict(
            text=str(answer.get("text", "")),
            page_image=base64.b64decode(str(answer.get("data", ""))),
            width=int(str(answer.get("page_width", answer.get("width", 0)))),
            height=int(str(answer.get("page_height", answer.get("height", 0)))),
        )
    except (ValueError, TypeError):
        return MediaVerdict(problem=messages["damaged"])


def check_image(data: bytes, *, time_limit: float = TIME_LIMIT) -> MediaVerdict:
    """A JPEG or PNG that opens and decodes in full, within MAX_PIXELS."""
    return _read("image", data, IMAGE_MESSAGES, time_limit)


def image_for_page(data: bytes, *, time_limit: float = TIME_LIMIT) -> MediaVerdict:
    """The picture as it is printed on a pack page: turned upright, flattened onto white, at
    most media_reader.PAGE_EDGE pixels on its longer side (``page_image``, ``width``,
    ``height``)."""
    return _read("image-page", data, IMAGE_MESSAGES, time_limit)


def check_docx(data: bytes, *, time_limit: float = TIME_LIMIT) -> MediaVerdict:
    """A Word document (.docx) that opens, with its text."""
    return _read("docx", data, DOCX_MESSAGES, time_limit)


docx_text = check_docx
