"""Open an uploaded PDF before it is kept, as the regulator's bundles will open it.

A file that merely starts "%PDF-" may be anything after that (issue 9, finding 12: a PDF header
followed by HTML was stored, and then every bundle of the case failed). So each PDF is read with
pypdf, the library the bundles use: it must open (without a password, or with the empty one),
have at least one page and at most ``MAX_PAGES``, and survive a trial merge into a new PDF, as
the bundles do with it.

pypdf is pure Python and a hostile file can make it slow or hungry, so the reading is done by
pdf_reader.py in a process of its own, limited to ``MEMORY_LIMIT`` bytes and ``CPU_LIMIT``
seconds of processor time, and killed after ``TIME_LIMIT`` seconds. Whatever goes wrong there
is a refusal with a message for the person uploading, never an error of the service.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_PAGES = 500  # a notice, a letter, correspondence: never a book
CPU_LIMIT = 10  # seconds of processor time to read and re-write the whole file
TIME_LIMIT = 60.0  # seconds in all, however busy the machine is
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the reading

READER = Path(__file__).with_name("pdf_reader.py")

MESSAGES = {
    "damaged": (
        "The selected file is not a PDF we can read. Save it again as a PDF and upload that, "
        "or upload the text as a plain text file"
    ),
    "password": (
        "The selected PDF is protected by a password. Remove the password and upload it again"
    ),
    "no-pages": "The selected PDF has no pages",
    "too-many-pages": (
        f"The selected PDF must have {MAX_PAGES:,} pages or fewer: split it into parts"
    ),
    "too-slow": (
        "The selected PDF took too long to read. Save it again as a PDF (or print it to a new "
        "PDF) and upload that"
    ),
}


@dataclass(frozen=True)
class PdfVerdict:
    pages: int = 0
    problem: str = ""  # a message for the uploader; empty when the PDF can be used

    @property
    def usable(self) -> bool:
        return not self.problem


def run_bounded(
    script: Path, args: list[str], data: bytes, *, time_limit: float
) -> dict[str, object] | str:
    """Run one of our reader scripts on ``data`` in a process bounded in memory, processor
    time and time in all: its JSON answer, or "too-slow" or "died" (out of memory, or worse)."""
    command = [sys.executable, "-I", str(script), *args]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, no shell
            command, input=data, capture_output=True, timeout=time_limit, check=False
        )
    except subprocess.TimeoutExpired:
        return "too-slow"
    if done.returncode == -signal.SIGXCPU:
        return "too-slow"
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return "died"
    return answer if isinstance(answer, dict) else "died"


def check_pdf(
    data: bytes, *, max_pages: int = MAX_PAGES, time_limit: float = TIME_LIMIT
) -> PdfVerdict:
    """Read ``data`` as the bundles would, in a process bounded in time and memory."""
    limits = (max_pages, MEMORY_LIMIT, min(CPU_LIMIT, max(1, int(time_limit))))
    answer = run_bounded(READER, [str(n) for n in limits], data, time_limit=time_limit)
    if answer == "too-slow":
        return PdfVerdict(problem=MESSAGES["too-slow"])
    if not isinstance(answer, dict):  # it died: out of memory, or worse
        return PdfVerdict(problem=MESSAGES["damaged"])
    try:
        pages, code = int(str(answer["pages"])), str(answer["problem"])
    except (ValueError, KeyError, TypeError):
        return PdfVerdict(problem=MESSAGES["damaged"])
    return PdfVerdict(pages=pages, problem=MESSAGES.get(code, MESSAGES["damaged"]) if code else "")
