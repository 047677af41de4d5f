"""Read a PDF as the regulator's bundles will: run as a script, in a process of its own.

``python pdf_reader.py MAX_PAGES MEMORY CPU_SECONDS < file.pdf`` prints one JSON object: the
number of pages and, if the file cannot be used, a problem code (``damaged``, ``password``,
``no-pages``, ``too-many-pages``). It imports nothing of the service (only pypdf), so it starts
quickly, and limits its own memory and processor time; pdf_check.py also kills it when its
time limit is up.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sys
import warnings


def read_pdf(data: bytes, max_pages: int) -> tuple[int, str]:
    """(pages, problem code or "")."""
    from pypdf import PasswordType, PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # defects are the file's, not ours
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Many PDFs are encrypted with an empty password (printing or copying
                # restricted): those open, and the bundles can merge them.
                try:
                    opened = reader.decrypt("")
                except Exception:  # noqa: BLE001 - an unsupported or broken cipher
                    opened = PasswordType.NOT_DECRYPTED
                if opened == PasswordType.NOT_DECRYPTED:
                    return 0, "password"
            pages = len(reader.pages)
            if pages == 0:
                return 0, "no-pages"
            if pages > max_pages:
                return pages, "too-many-pages"
            for page in reader.pages:
                page.mediabox  # noqa: B018 - each page's dictionary must parse
            writer = PdfWriter()  # a trial merge, as the bundles merge it
            writer.append(reader, import_outline=False)
            writer.write(io.BytesIO())
        except (Exception, MemoryError, RecursionError):  # noqa: BLE001 - pypdf fails many ways
            return 0, "damaged"
    return pages, ""


def limit_process(memory: int, cpu_seconds: int) -> None:
    """At most ``memory`` bytes, and ``cpu_seconds`` of processor time (then SIGXCPU)."""
    try:
        import resource
    except ImportError:  # not a Unix: the caller's time limit still holds
        return
    for name, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu_seconds)):
        with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already set
            resource.setrlimit(name, (value, value))


def main() -> None:
    max_pages, memory, cpu_seconds = (int(arg) for arg in sys.argv[1:4])
    limit_process(memory, cpu_seconds)
    data = sys.stdin.buffer.read()
    pages, problem = read_pdf(data, max_pages)
    sys.stdout.write(json.dumps({"pages": pages, "problem": problem}))


if __name__ == "__main__":
    main()
