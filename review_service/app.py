"""The application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, abort, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from review_service.accounts.models import Role, User
from review_service.cases.models import CitedProvision
from review_service.config import STATIC_DIR, TEMPLATES_DIR, load_config
from review_service.documents.services import type_label
from review_service.domain import limits
from review_service.domain.exemptions import nature_of, nature_sentence, provision_kind
from review_service.extensions import (
    CookieSessions,
    Database,
    csrf,
    db_session,
    is_api_request,
    limiter,
    login_manager,
)
from review_service.web import widgets
from review_service.web.access import PUBLIC, access_of
from review_service.web.filters import PAGE_FILTERS
from review_service.web.numbers import BoundedInt
from review_service.web.redirects import tidied_address_redirect
from review_service.web.templating import StrictEnvironment

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        "review_service",
        static_folder=str(STATIC_DIR),
        template_folder=str(TEMPLATES_DIR),
    )
    config = load_config()
    if test_config:
        config.update(test_config)
    app.config.update(config)
    app.session_interface = CookieSessions()
    if app.config.get("TESTING"):
        app.config.setdefault("RATELIMIT_ENABLED", False)
    if app.config.get("TRUSTED_PROXIES"):
        # The client's address (rate limits, logs) and scheme (HSTS, secure cookies) as the
        # trusted proxies report them; X-Forwarded-* from anyone else is never believed.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    # A missing variable in a template is an error (web/templating.py).
    app.jinja_environment = StrictEnvironment
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(TEMPLATES_DIR)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(PAGE_FILTERS)
    app.jinja_env.filters["document_type"] = type_label
    # What a cited provision is, from the domain (s.12 and s.14 are grounds for refusal, not
    # exemptions): ``cited | provision_nature(case.regime)``, ``… | provision_nature_sentence``.
    app.jinja_env.filters["provision_nature"] = _provision_nature
    app.jinja_env.filters["provision_nature_sentence"] = _provision_nature_sentence
    app.jinja_env.globals["limits"] = limits  # "maxlength": limits.GROUND_TEXT

    Database(str(app.config["DATABASE_URL"])).init_app(app)
    # Before the CSRF check, which reads every field's name.
    app.before_request(_refuse_nameless_form_parts)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    WTFormsHelpers(app)
    widgets.install()

    # Every <int:...> in a path: only numbers the database can hold match (web/numbers.py).
    app.url_map.converters["int"] = BoundedInt
    _register_blueprints(app)
    _register_access_control(app)
    _register_error_handlers(app)
    _register_context(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from review_service.web import blueprints

    for blueprint in blueprints.all_blueprints():
        app.register_blueprint(blueprint)
    for blueprint in blueprints.csrf_exempt():
        csrf.exempt(blueprint)
    from review_service.mail import dev

    if dev.enabled(app.config):  # development only: the e-mail kept in MAIL_DIR, as pages
        app.register_blueprint(dev.bp)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if is_api_request():
        return None  # the API authenticates by bearer token only, never by cookie
    from review_service.accounts import sessions

    # The cookie must belong to a session that has not ended on the server (sign-out,
    # password change, role change...): see accounts/sessions.py.
    try:
        return sessions.signed_in_user(db_session(), int(user_id))
    except (ValueError, OverflowError):
        return None


@login_manager.request_loader
def _load_user_from_token(req: Any) -> User | None:
    if not is_api_request():
        return None
    header = req.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    from review_service.accounts.services import user_for_api_token

    return user_for_api_token(db_session(), secret.strip())


def _refuse_nameless_form_parts() -> None:
    """A multipart part whose name could not be read (a line break in the name ends its
    Content-Disposition header early) arrives keyed ``None``: refused plainly, before anything
    (the CSRF check first) reads the names as text."""
    if request.method in ("POST", "PUT", "PATCH") and (
        None in request.form or None in request.files
    ):
        abort(400, "The form could not be read: it had a part with no name.")


def _register_access_control(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> Any:
        # No database stores NUL in text (PostgreSQL refuses it): refuse such input plainly.
        if request.method in ("POST", "PUT", "PATCH") and any(
            "\x00" in value for values in request.form.listvalues() for value in values
        ):
            abort(400, "The form contained a character that is not allowed (NUL).")
        # A page's address too: its path (a case reference) and its query string (a search
        # box, a filter), names and values; the API checks its own.
        address = [request.path, *request.args.keys()]
        address += [value for values in request.args.listvalues() for value in values]
        if not is_api_request() and any("\x00" in text for text in address):
            abort(400, "The address contained a character that is not allowed (NUL).")
        return None

    app.before_request(tidied_address_redirect)  # a path only, never the request's Host

    @app.before_request
    def deny_by_default() -> Any:
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = app.view_functions.get(request.endpoint)
        access = access_of(view)
        if access == PUBLIC:
            return None
        if access is None:
            log.error("view %s declares no access rule; refused", request.endpoint)
            abort(404)
        if not current_user.is_authenticated:
            if is_api_request():
                abort(401)
            return login_manager.unauthorized()
        assert isinstance(access, frozenset)
        if current_user.role not in access:
            abort(404 if current_user.role == Role.REQUESTER else 403)
        return None


def _register_error_handlers(app: Flask) -> None:
    from review_service import errors
    from review_service.api.errors import problem_for
    from review_service.web.conflicts import discard_request_changes, stale_response

    # A save that lost a race, wherever it was found (see web/conflicts.py).
    app.register_error_handler(errors.StaleCase, stale_response)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        if is_api_request():
            return _api_problem(400, "Bad request", error.description)
        return render_template(
            "errors/400.html",
            message=(
                "Your form expired or was sent from another page. Go back, reload the page and "
                "try again: nothing was saved."
            ),
        ), 400

    # The status of a page for a service error no view caught (the API has its problem).
    # Views normally catch conflicts and refused input and show the message on their form;
    # this makes sure one that slips through is still a clear message, never a 500.
    page_status: dict[type[Exception], int] = {
        errors.NotFound: 404,
        errors.Forbidden: 403,
        errors.InvalidTransition: 409,
        errors.Conflict: 409,
        errors.ValidationFailed: 400,
    }

    def service_error(error: Exception) -> Any:
        discard_request_changes()
        if is_api_request():
            return problem_for(error)
        status = next(code for kind, code in page_status.items() if isinstance(error, kind))
        # The 404 page is the plain one; the others show the service's message.
        return _http_error(status, None if status == 404 else str(error))

    for kind in page_status:
        app.register_error_handler(kind, service_error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        # Only a description given to abort() is ours to show; the defaults are generic.
        own = error.description if error.description != type(error).description else None
        discard_request_changes()
        return _http_error(error.code or 500, own)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        log.exception("unhandled error")
        discard_request_changes()  # a failed flush leaves the session unusable until then
        try:
            return _http_error(500)
        except Exception:  # noqa: BLE001 - e.g. the database is down: the page needs it too
            log.exception("could not render the error page")
            return (
                "Sorry, there is a problem with the service. Try again later.",
                500,
                {"Content-Type": "text/plain; charset=utf-8"},
            )


def _api_problem(status: int, title: str, detail: str | None) -> Any:
    from review_service.api.problems import problem_response

    return problem_response(status, title=title, detail=detail)


def _http_error(code: int, description: str | None = None) -> Any:
    if is_api_request():
        titles = {
            400: "Bad request",
            401: "Unauthorised",
            403: "Forbidden",
            404: "Not found",
            405: "Method not allowed",
            409: "Conflict",
            413: "Payload too large",
            429: "Too many requests",
            500: "Internal server error",
        }
        return _api_problem(code, titles.get(code, "Error"), description)
    template = {400: "400", 403: "403", 404: "404", 429: "429"}.get(code)
    if template is None:
        template = "500" if code >= 500 else "400"
    return render_template(f"errors/{template}.html", message=description), code


def _register_context(app: Flask) -> None:
    from review_service.web import headers
    from review_service.web.navigation import nav_items

    headers.install(app)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"nav_items": nav_items(current_user, request.endpoint), "Role": Role}


def _provision_nature(cited: CitedProvision, regime: str) -> str:
    return nature_of(provision_kind(regime, cited.provision), cited.absolute)


def _provision_nature_sentence(cited: CitedProvision, regime: str) -> str:
    return nature_sentence(provision_kind(regime, cited.provision), cited.absolute)
