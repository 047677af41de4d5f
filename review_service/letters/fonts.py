"""The TrueType font family used for every generated PDF.

reportlab's built-in Helvetica uses WinAnsi encoding and cannot draw Welsh ŵ and ŷ (nor many
other characters found in names and addresses), so letters embed DejaVu Sans instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR_ENV = "REVIEW_SERVICE_FONT_DIR"
DEBIAN_PACKAGE = "fonts-dejavu-core"

# Debian/Ubuntu first (the deployment target), then other common layouts.
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
ITALIC_FILE = "DejaVuSans-Oblique.ttf"
BOLD_ITALIC_FILE = "DejaVuSans-BoldOblique.ttf"

# Our own names, so nothing else registering "DejaVuSans" from another file can clash.
FAMILY = "LetterSans"
REGULAR = "LetterSans"
BOLD = "LetterSans-Bold"
ITALIC = "LetterSans-Italic"
BOLD_ITALIC = "LetterSans-BoldItalic"


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path | None
    bold_italic: Path | None


_lock = threading.Lock()
_registered: tuple[str, str] | None = None


def candidate_dirs(environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """Directories searched for the font files, in order.

    When REVIEW_SERVICE_FONT_DIR is set it is the only place looked at: a configured directory
    that lacks the fonts is a deployment mistake and should fail loudly, not fall back silently.
    """
    env = os.environ if environ is None else environ
    override = env.get(FONT_DIR_ENV, "").strip()
    if override:
        return (Path(override),)
    return SYSTEM_FONT_DIRS


def locate_fonts(dirs: tuple[Path, ...]) -> FontFiles:
    """Find the first directory holding at least the regular and bold faces."""
    for directory in dirs:
        regular, bold = directory / REGULAR_FILE, directory / BOLD_FILE
        if regular.is_file() and bold.is_file():
            italic = directory / ITALIC_FILE
            bold_italic = directory / BOLD_ITALIC_FILE
            return FontFiles(
                regular=regular,
                bold=bold,
                italic=italic if italic.is_file() else None,
                bold_italic=bold_italic if bold_italic.is_file() else None,
            )
    searched = ", ".join(str(d) for d in dirs)
    raise RuntimeError(
        f"Cannot find the DejaVu Sans fonts ({REGULAR_FILE} and {BOLD_FILE}) needed to render "
        f"letters; looked in: {searched}. Install the Debian package `{DEBIAN_PACKAGE}` "
        f"(apt-get install {DEBIAN_PACKAGE}) or set {FONT_DIR_ENV} to a directory holding them."
    )


def letter_font() -> tuple[str, str]:
    """Register the letter font family once and return (regular_name, bold_name).

    Safe to call from every render: registration happens on the first call only.
    """
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            files = locate_fonts(candidate_dirs())
            _register(files)
            _registered = (REGULAR, BOLD)
    return _registered


def _register(files: FontFiles) -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(files.regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(files.bold)))
    # Without an italic face, <i> falls back to the upright one rather than failing.
    italic = REGULAR
    if files.italic is not None:
        pdfmetrics.registerFont(TTFont(ITALIC, str(files.italic)))
        italic = ITALIC
    bold_italic = BOLD
    if files.bold_italic is not None:
        pdfmetrics.registerFont(TTFont(BOLD_ITALIC, str(files.bold_italic)))
        bold_italic = BOLD_ITALIC
    # Map <b>/<i> in paragraph markup (which we only ever generate ourselves) to the faces.
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, italic)
    addMapping(FAMILY, 1, 1, bold_italic)
