"""Every model, imported in one place for Alembic and the schema tests."""

from review_service.accounts.models import (
    ApiToken,
    Authority,
    EndedSession,
    HolidayOverride,
    RecoveryCode,
    Role,
    SecondFactor,
    User,
)
from review_service.audit import chain as _chain  # noqa: F401 - seals events at commit
from review_service.audit.models import AuditChainHead, AuditEvent
from review_service.cases.models import (
    Case,
    CitedProvision,
    ComplaintDraft,
    Ground,
    InformationRequest,
    RefusalNotice,
)
from review_service.db import Base
from review_service.documents.models import Document
from review_service.letters.models import Letter
from review_service.mail.models import OutboxAttachment, OutboxMessage
from review_service.regulator.models import (
    DecisionNotice,
    DecisionNoticeFinding,
    RegulatorReferral,
    TribunalAppeal,
)
from review_service.reviews.models import GroundFinding, ProvisionFinding, ReviewDecision

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "Authority",
    "Base",
    "Case",
    "CitedProvision",
    "ComplaintDraft",
    "DecisionNotice",
    "DecisionNoticeFinding",
    "Document",
    "EndedSession",
    "Ground",
    "GroundFinding",
    "HolidayOverride",
    "InformationRequest",
    "Letter",
    "OutboxAttachment",
    "OutboxMessage",
    "ProvisionFinding",
    "RecoveryCode",
    "RefusalNotice",
    "RegulatorReferral",
    "ReviewDecision",
    "Role",
    "SecondFactor",
    "TribunalAppeal",
    "User",
]
