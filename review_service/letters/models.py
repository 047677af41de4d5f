"""Issued letters: immutable once issued; a correction is a new version."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from review_service.db import Base, StrEnumType, utcnow
from review_service.domain.kinds import LetterKind


class Letter(Base):
    __tablename__ = "letters"
    # One letter per version: two corrections at once cannot both be "version 2".
    __table_args__ = (
        Index("ix_letters_case_id_kind_version", "case_id", "kind", "version", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[LetterKind] = mapped_column(StrEnumType(LetterKind, 30))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    title: Mapped[str] = mapped_column(String(200))
    letter_date: Mapped[dt.date]
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listing letters never loads their PDFs; reading `.pdf` loads the one needed.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
