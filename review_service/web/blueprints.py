"""Every blueprint the application serves, in one list."""

from __future__ import annotations

from flask import Blueprint


def all_blueprints() -> list[Blueprint]:
    from review_service.accounts.two_factor_views import bp as two_factor
    from review_service.accounts.views import bp as accounts
    from review_service.admin.views import bp as admin
    from review_service.api.views import bp as api
    from review_service.cases.views import bp as complaints
    from review_service.documents.views import bp as documents
    from review_service.mail.views import bp as mail
    from review_service.privacy.views import bp as privacy
    from review_service.regulator.views import bp as regulator
    from review_service.staff.views import bp as staff
    from review_service.web.public import bp as public

    return [
        public,
        accounts,
        two_factor,
        privacy,
        complaints,
        documents,
        staff,
        regulator,
        admin,
        mail,
        api,
    ]


def csrf_exempt() -> list[Blueprint]:
    # The API authenticates with bearer tokens and never reads cookies: no CSRF there.
    from review_service.api.views import bp as api

    return [api]
