"""Plain factories: create_*(session, **overrides) -> model. Everything goes through the
same service functions the pages and the API use, so factories never make impossible data."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, Role, User
from review_service.accounts.services import create_user as create_account
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.domain.review import GroundKind
from review_service.reviews import services as reviews

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)
T = TypeVar("T")


def committed(session: Session, made: T) -> T:
    """``made``, once the session that made it is committed (for fixtures)."""
    session.commit()
    return made


def create_authority(session: Session, **overrides: Any) -> Authority:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Testshire County Council {n}",
        "regime": "foia",
        "email": f"foi{n}@testshire.example",
        "address": "County Hall\nTestford\nTS1 1AA",
    }
    values.update(overrides)
    authority = Authority(**values)
    session.add(authority)
    session.flush()
    return authority


def create_user(session: Session, role: Role | str = Role.REQUESTER, **overrides: Any) -> User:
    n = next(_counter)
    role = Role(role)
    user = create_account(
        session,
        None,
        email=overrides.pop("email", f"{role.value}{n}@example.org"),
        name=overrides.pop("name", f"{role.label} Person {n}"),
        role=role,
        password=overrides.pop("password", PASSWORD),
        authority=overrides.pop("authority", None),
    )
    for key, value in overrides.items():
        setattr(user, key, value)
    session.flush()
    return user


def file_command(authority: Authority, **overrides: Any) -> cases.FileCase:
    """A complaint about a response like the sample: partial disclosure, two NCNDs."""
    values: dict[str, Any] = {
        "regime": authority.regime,
        "authority_id": authority.id,
        "request_reference": "FOI-2026-0101",
        "request_sent_on": dt.date(2026, 9, 1),
        "request_text": "Please tell me how many drones the force owns.",
        "response_date": dt.date(2026, 9, 28),
        "response_text": "We neither confirm nor deny under sections 24(2) and 31(3).",
        "provisions": (
            cases.ProvisionInput("s.24(2)", ncnd=True),
            cases.ProvisionInput("s.31(3)", ncnd=True),
        ),
        "grounds": (
            cases.GroundInput(
                GroundKind.PROVISION, "National security is not engaged.", provision="s.24(2)"
            ),
            cases.GroundInput(GroundKind.MORE_INFORMATION_HELD, "Budgets are published."),
        ),
    }
    values.update(overrides)
    # An e-mailed request arrives the day it is sent (FOISA s.20(5) counts from receipt).
    values.setdefault("request_received_on", values["request_sent_on"])
    return cases.FileCase(**values)


def create_case(
    session: Session,
    *,
    requester: User | None = None,
    authority: Authority | None = None,
    today: dt.date = dt.date(2026, 10, 5),
    **overrides: Any,
) -> Case:
    authority = authority or create_authority(session)
    requester = requester or create_user(session, Role.REQUESTER)
    filed = cases.file_case(session, requester, file_command(authority, **overrides), today=today)
    session.flush()
    return filed.case


def create_staff(session: Session, authority: Authority) -> dict[str, User]:
    return {
        "caseworker": create_user(session, Role.CASEWORKER, authority=authority),
        "reviewer": create_user(session, Role.REVIEWER, authority=authority),
        "other_reviewer": create_user(session, Role.REVIEWER, authority=authority),
        "admin": create_user(session, Role.ADMIN),
    }


def full_decision(case: Case, *, withdraw: tuple[str, ...] = ()) -> reviews.DecisionInput:
    """Findings on every ground and provision: maintained unless named in ``withdraw``."""
    return reviews.DecisionInput(
        ground_findings=tuple(
            # A ground against a withdrawn provision is upheld (findings must agree, issue 11).
            reviews.GroundFindingInput(
                g.id,
                upheld=g.cited_provision is not None and g.cited_provision.provision in withdraw,
                reasons="The search was thorough.",
            )
            for g in case.grounds
        ),
        provision_findings=tuple(
            reviews.ProvisionFindingInput(
                p.id,
                "withdrawn" if p.provision in withdraw else "maintained",
                reasons=f"Reasons for {p.provision}: disclosure would reveal capability.",
                # Only a provision with a public-interest test has a balance (FOIA s.2(3)).
                public_interest_reasons=f"Public interest in {p.provision}: the balance favours "
                "withholding."
                if not p.absolute
                else "",
            )
            for p in case.refusal_notice.provisions
        ),
        released_information="The total budget for 2025.",
    )


def store_document(
    session: Session,
    owner: User,
    upload: documents.Upload,
    upload_dir: str | Path,
    *,
    kind: str = "response",
    title: str = "Response",
    case: Case | None = None,
) -> Document:
    """A checked upload kept through documents.store_document (the bytes under ``upload_dir``)."""
    return documents.store_document(
        session, owner, upload, upload_dir=Path(upload_dir), kind=kind, title=title, case=case
    )


def small_pdf(text: str = "A copy of the letter") -> bytes:
    """A real one-page PDF with ``text`` on it (uploads are read as PDFs: a header alone is
    refused)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def labelled_pdf(label: str, pages: int = 1) -> bytes:
    """A real PDF of ``pages`` pages, each reading "<label> page <n>"."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{label} page {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# The stages a case goes through after it is filed, in order (advance_case).
STAGES = ("acknowledged", "in_review", "decided", "referred", "decision_notice", "appealed")


def advance_case(
    session: Session,
    case: Case,
    stage: str,
    *,
    caseworker: User,
    reviewer: User,
    today: dt.date,
    after: str | None = None,
    steps: str = "Confirm or deny whether covert deployments took place.",
) -> Case:
    """Take a filed case on to ``stage`` (one of STAGES) through the services the pages use,
    everything dated ``today``: acknowledged, the reviewer assigned, the outcome issued (every
    provision maintained), a complaint to the regulator, its decision notice ordering
    ``steps``, and the authority's appeal; from the stage after ``after`` when the case is
    already there. The services' clock must read ``today`` or later."""
    from review_service.regulator import services as regulator

    steps_to_take = {
        "acknowledged": lambda: cases.acknowledge(session, caseworker, case, today=today),
        "in_review": lambda: cases.assign(session, caseworker, case, reviewer_id=reviewer.id),
        "decided": lambda: (
            reviews.save_decision(session, reviewer, case, full_decision(case)),
            reviews.issue_decision(session, reviewer, case, today=today),
        ),
        "referred": lambda: regulator.refer(session, case.requester, case, referred_on=today),
        "decision_notice": lambda: regulator.record_decision_notice(
            session,
            caseworker,
            case,
            regulator.DecisionNoticeInput(
                kind="decision_notice",
                issued_on=today,
                reference="IC-400123-K2M4",
                findings=tuple((p.provision, "not_upheld") for p in case.refusal_notice.provisions),
                steps_required=steps,
            ),
        ),
        "appealed": lambda: regulator.appeal(
            session, caseworker, case, appellant="authority", lodged_on=today
        ),
    }
    first = STAGES.index(after) + 1 if after else 0
    for name in STAGES[first : STAGES.index(stage) + 1]:
        steps_to_take[name]()
        session.flush()
    return case
