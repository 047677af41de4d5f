"""Uploaded documents. The bytes live outside the web root under their SHA-256."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from review_service.db import Base, StrEnumType, utcnow
from review_service.domain import limits
from review_service.domain.kinds import DocumentKind


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # who uploaded it
    kind: Mapped[DocumentKind] = mapped_column(StrEnumType(DocumentKind, 30))
    title: Mapped[str] = mapped_column(String(limits.DOCUMENT_TITLE))
    filename: Mapped[str] = mapped_column(String(limits.FILENAME))
    media_type: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    dated: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Removed by staff (a soft delete: the row and the file stay, for the audit trail). A
    # removed document is never listed, downloaded or put into a bundle.
    removed_at: Mapped[dt.datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removal_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    @property
    def removed(self) -> bool:
        return self.removed_at is not None
