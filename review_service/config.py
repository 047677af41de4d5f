"""Configuration from environment variables.

Development (the default) gets a generated secret and a SQLite file under instance/.
Outside development a missing SECRET_KEY stops start-up with a clear message.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from review_service.web.numbers import whole_number

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"
TEMPLATES_DIR = REPO_ROOT / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
NODE_MODULES_DIR = REPO_ROOT / "node_modules"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'review_service.sqlite3'}"


def check_server_config(config: dict[str, object]) -> None:
    """What serving pages in production needs beyond what every command needs: rate limits
    that all workers and instances share (web/limits.py), the address people reach the
    service at, for the links in e-mails (web/links.py), and an address for people to write
    to (the accessibility statement)."""
    if config.get("ENVIRONMENT") == "production" and not config.get("RATELIMIT_STORAGE_CHOSEN"):
        raise ConfigError(
            "RATELIMIT_STORAGE_URI is not set. In production the rate limits must be shared "
            "by every worker: set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (your Redis), "
            "or memory:// to count per process knowingly."
        )
    if config.get("ENVIRONMENT") == "production" and not config.get("BASE_URL_CHOSEN"):
        raise ConfigError(
            "BASE_URL is not set. In production the links in e-mails must lead to the address "
            "people use: set BASE_URL, for example https://reviews.example.gov.uk."
        )
    if config.get("ENVIRONMENT") == "production" and not config.get("SUPPORT_EMAIL"):
        raise ConfigError(
            "SUPPORT_EMAIL is not set. The accessibility statement must give people an address "
            "to report problems to: set SUPPORT_EMAIL, for example help@reviews.example.gov.uk."
        )


def served_base_url(host: str, port: int) -> str:
    """BASE_URL for ``review-service serve --host H --port P`` when the operator set none, so
    that links in e-mails lead to the server that wrote them (development and test only)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - every interface: name one that answers
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _whole_number(env: dict[str, str], name: str, *, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    # web.numbers' rule (ASCII digits only: int() also reads "١٢" as 12), with a sign, so that
    # "-1" is told its range rather than that it is no number.
    negative = raw.startswith("-")
    magnitude = whole_number(raw[1:] if negative else raw)
    if magnitude is None:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.")
    value = -magnitude if negative else magnitude
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}.")
    return value


def _yes_or_no(env: dict[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def _encryption_keys(env: dict[str, str]) -> tuple[str, ...]:
    """TOTP_ENCRYPTION_KEY: one or more Fernet keys, comma-separated; the first encrypts,
    each decrypts (so a key can be replaced without losing what the old one encrypted)."""
    import base64
    import binascii

    keys = tuple(k.strip() for k in env.get("TOTP_ENCRYPTION_KEY", "").split(",") if k.strip())
    for key in keys:
        try:
            valid = len(base64.urlsafe_b64decode(key.encode())) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise ConfigError(
                "TOTP_ENCRYPTION_KEY must be Fernet keys (32 bytes in URL-safe base64), "
                "comma-separated. Make one with: python3 -c 'import base64, os; "
                "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
            )
    return keys


def load_config(env: dict[str, str] | None = None) -> dict[str, object]:
    env = dict(os.environ if env is None else env)
    environment = env.get("REVIEW_SERVICE_ENV", "development")
    secret = env.get("SECRET_KEY")
    if not secret:
        if environment not in ("development", "test"):
            raise ConfigError(
                "SECRET_KEY is not set. Set SECRET_KEY to a long random string before "
                f"starting Review service in the {environment!r} environment."
            )
        secret = secrets.token_hex(32)
    upload_dir = Path(env.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")))
    storage_uri = env.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    session_max_age = _whole_number(env, "SESSION_MAX_AGE_HOURS", default=12, low=1, high=24 * 30)
    session_max_age *= 3600
    mail_transport = env.get("MAIL_TRANSPORT", "").strip().lower()
    if mail_transport not in ("", "smtp", "files"):
        raise ConfigError(f"MAIL_TRANSPORT must be smtp or files, not {mail_transport!r}.")
    if mail_transport == "files" and environment == "production":
        raise ConfigError(
            "MAIL_TRANSPORT=files keeps e-mail on this machine: it is for development only. "
            "In production set SMTP_HOST (and SMTP_PORT...) and leave MAIL_TRANSPORT unset."
        )
    return {
        "ENVIRONMENT": environment,
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get("DATABASE_URL", default_database_url()),
        "BASE_URL": env.get("BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:5000",
        "BASE_URL_CHOSEN": bool(env.get("BASE_URL", "").strip()),
        "UPLOAD_DIR": upload_dir,
        # How long each process may reuse the bank-holiday overrides it read for the public
        # deadline calculator (GET /api/v1/deadlines) before reading them again; 0: every time.
        # An administrator's change is seen at once by the process that made it.
        "PUBLIC_CALENDAR_SECONDS": _whole_number(
            env, "PUBLIC_CALENDAR_SECONDS", default=1, low=0, high=60
        ),
        "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,  # a 10 MB upload plus form overhead
        "MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
        "MAIL_FROM": env.get("MAIL_FROM", "Review service <no-reply@review-service.local>"),
        # Where people report a problem or ask for another format (accessibility statement).
        "SUPPORT_EMAIL": env.get("SUPPORT_EMAIL", "").strip(),
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "1025")),
        "SMTP_USERNAME": env.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
        "SMTP_HOST_CHOSEN": bool(env.get("SMTP_HOST", "").strip()),
        # smtp, files (.eml files in MAIL_DIR), or empty: files in development when no
        # SMTP_HOST is set (so `make run` loses no e-mail), SMTP otherwise (mail/transport).
        "MAIL_TRANSPORT": mail_transport,
        "MAIL_DIR": Path(env.get("MAIL_DIR", str(INSTANCE_DIR / "mail"))),
        # The outbox worker (mail/worker.py): retries wait 1 minute, then twice as long each
        # time up to 4 hours, for MAIL_RETRY_HOURS (at least 24) before a message is failed.
        "MAIL_RETRY_FIRST_DELAY": 60,
        "MAIL_RETRY_MAX_DELAY": 4 * 3600,
        "MAIL_RETRY_HOURS": _whole_number(
            env, "MAIL_RETRY_HOURS", default=24, low=24, high=24 * 14
        ),
        "MAIL_CLAIM_LEASE": 300,  # seconds a worker holds a message it is sending
        "MAIL_BATCH": 50,
        "SMTP_TIMEOUT": 20,
        # Rate limits (web/limits.py): Redis in production, so every worker and instance
        # counts together; memory:// counts per process (development only).
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_STORAGE_CHOSEN": bool(env.get("RATELIMIT_STORAGE_URI", "").strip()),
        "RATELIMIT_STORAGE_OPTIONS": (
            {"socket_connect_timeout": 2, "socket_timeout": 2}
            if storage_uri.startswith(("redis://", "rediss://"))
            else {}
        ),
        # Our own key prefix, put in by the key functions (web/limits.py), not Flask-Limiter's
        # RATELIMIT_KEY_PREFIX, which it reads only once per process.
        "RATE_LIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "review-service"),
        "RATELIMIT_STRATEGY": "moving-window",
        # If Redis stops answering, each process keeps counting on its own until it is back,
        # rather than refusing every sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "true").lower() != "false",
        # How many reverse proxies in front of the service to believe about the client's
        # address and scheme (X-Forwarded-For/-Proto); 0: the socket's address.
        "TRUSTED_PROXIES": _whole_number(env, "TRUSTED_PROXIES", default=0, low=0, high=10),
        # A session ends this long after sign-in, however busy (accounts/sessions.py); Flask
        # refuses any session cookie signed longer ago than that, too.
        "SESSION_MAX_AGE": session_max_age,
        "PERMANENT_SESSION_LIFETIME": dt.timedelta(seconds=session_max_age),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        # A second factor (accounts/two_factor.py): required of administrators, and of
        # reviewers and caseworkers where their authority asks for it. Off only where the
        # deployment signs staff in through single sign-on that already asks for one.
        "REQUIRE_TWO_FACTOR": _yes_or_no(env, "REQUIRE_TWO_FACTOR", default=True),
        # Keys for the authenticator secrets at rest; none given: one derived from SECRET_KEY.
        "TOTP_ENCRYPTION_KEYS": _encryption_keys(env),
    }
