"""Typed environment configuration.

Every setting Spets reads from the environment is declared once in SETTINGS with its type, default and
help text; docs/settings.md is generated from this registry and a test keeps the two in step. A bad
value raises ConfigError naming the variable, never a guess.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


class ConfigError(Exception):
    """A setting is missing or has a value Spets cannot use."""


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # str | bool | int | list | url | path
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SPETS_DATABASE_URL",
        "url",
        None,
        "Database URL. Default: SQLite file `spets.sqlite3` in the data directory. "
        "PostgreSQL: `postgres://user:password@host:5432/name`.",
    ),
    Setting(
        "SPETS_SECRET_KEY",
        "str",
        None,
        "Django secret key. Required in production; in demo/debug mode one is generated and kept "
        "in the data directory.",
    ),
    Setting(
        "SPETS_DEBUG",
        "bool",
        False,
        "Debug mode for developers: only together with SPETS_DEMO=1 and a server on 127.0.0.1 "
        "(it shows tracebacks with server paths); refused otherwise.",
    ),
    Setting(
        "SPETS_DEMO",
        "bool",
        False,
        "Demo mode: plain HTTP on localhost, generated secret key, e-mail to the console. "
        "Set by `spets demo`.",
    ),
    Setting(
        "SPETS_ALLOWED_HOSTS",
        "list",
        ["localhost", "127.0.0.1"],
        "Comma-separated host names the server answers to.",
    ),
    Setting(
        "SPETS_CSRF_TRUSTED_ORIGINS",
        "list",
        [],
        "Comma-separated origins (https://spets.example.se) trusted for form posts behind a proxy.",
    ),
    Setting(
        "SPETS_DATA_DIR",
        "path",
        None,
        "Where the SQLite database, statistics store and caches live. "
        "Default: $XDG_DATA_HOME/spets or ~/.local/share/spets.",
    ),
    Setting(
        "SPETS_SECURE_SSL_REDIRECT",
        "bool",
        True,
        "Production only: redirect HTTP to HTTPS. Turn off when a proxy already does it.",
    ),
    Setting(
        "SPETS_EMAIL_URL",
        "url",
        None,
        "Outgoing mail: `smtp://user:password@host:587?tls=1`, or `console://`. "
        "Default: console in demo/debug, required for password reset in production.",
    ),
    Setting(
        "SPETS_BASE_URL",
        "url",
        None,
        "Public address of Spets, e.g. `https://spets.example.se`, for links in e-mails sent by commands "
        "(reminders). Default in demo/debug: `http://127.0.0.1:8000`.",
    ),
    Setting("SPETS_DEFAULT_FROM_EMAIL", "str", "spets@localhost", "Sender address of e-mails."),
    Setting(
        "SPETS_INDUSTRY_SECTIONS",
        "list",
        ["B", "C"],
        "SNI 2007 sections that count as industry for the programme (default mining + manufacturing).",
    ),
    Setting(
        "SPETS_IMPORT_BACKGROUND_BYTES",
        "int",
        2_000_000,
        "An import file larger than this (bytes) is checked and written as a background job with "
        "progress on the page (`spets worker` runs the jobs); smaller files are handled at once.",
    ),
    Setting(
        "SPETS_IMPORT_BACKGROUND_ROWS",
        "int",
        20_000,
        "An import file with more rows than this is also handled as a background job.",
    ),
    Setting(
        "SPETS_JOB_TIME_LIMIT",
        "int",
        600,
        "Seconds a background job may run; one that takes longer stops and writes nothing.",
    ),
    Setting(
        "SPETS_SENTRY_DSN",
        "url",
        None,
        "Optional error reporting: the DSN of a Sentry or GlitchTip project. Unset, nothing is sent anywhere. "
        "Needs `pip install 'spets[sentry]'`; no personal data is sent.",
    ),
    Setting(
        "SPETS_FOOTPRINT_TABLE",
        "path",
        None,
        "The footprint model's national input-output table: path of a real table with the 64 CPA products "
        "(Eurostat naio_10_cp1700 as SDMX-CSV or TSV, or SCB's symmetric table as CSV; format detected). "
        "Overrides the table installed with `spets footprint use-table FILE`. Empty: the installed table, "
        "else the bundled approximate demo table. See docs/footprint-guide.md.",
    ),
    Setting(
        "SPETS_FOOTPRINT_EMPLOYMENT",
        "path",
        None,
        "Employment by industry for SPETS_FOOTPRINT_TABLE when the table has no EMP row: Eurostat "
        "nama_10_a64_e as SDMX-CSV or a CSV `code;persons` with the 64 A*64 codes.",
    ),
    Setting("SPETS_LOG_LEVEL", "str", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "SPETS_LOG_JSON",
        "bool",
        False,
        "Log JSON lines (time, level, message, request id, user id, duration) for a log collector.",
    ),
)

_BOOL = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
    "": False,
}


def _parse(setting: Setting, raw: str) -> Any:
    name = setting.name
    if setting.kind == "bool":
        value = _BOOL.get(raw.strip().lower())
        if value is None:
            raise ConfigError(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off")
        return value
    if setting.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if setting.kind == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    if setting.kind == "url":
        parsed = urlparse(raw)
        if not parsed.scheme:
            raise ConfigError(f"{name}={raw!r} is not a URL (expected scheme://…)")
        return raw
    if setting.kind == "path":
        return Path(raw).expanduser()
    if setting.kind == "str" and setting.name == "SPETS_LOG_LEVEL":
        if raw.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(f"{name}={raw!r} is not a log level; use DEBUG, INFO, WARNING or ERROR")
        return raw.upper()
    return raw


def read(env: dict[str, str] | None = None) -> dict[str, Any]:
    """Read every declared setting from `env` (default os.environ); raise ConfigError on bad values."""
    env = os.environ if env is None else env
    known = {s.name for s in SETTINGS}
    unknown = sorted(k for k in env if k.startswith("SPETS_") and k not in known)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]}; known settings: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = env.get(s.name)
        values[s.name] = s.default if raw is None else _parse(s, raw)
    return values


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spets"


def database_config(url: str | None, data_dir: Path) -> dict[str, Any]:
    """Django DATABASES['default'] from a URL; SQLite tuned for a small multi-user server."""
    if not url:
        url = f"sqlite:///{data_dir / 'spets.sqlite3'}"
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
        if not path:
            raise ConfigError(
                f"SPETS_DATABASE_URL={url!r}: SQLite URLs look like sqlite:////absolute/path.sqlite3"
            )
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock up front
            # so two writers queue on the busy timeout instead of failing with "database is locked".
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        import dj_database_url

        cfg = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return dict(cfg)
    raise ConfigError(
        f"SPETS_DATABASE_URL={url!r}: unsupported scheme {scheme!r}; use sqlite:/// or postgres://"
    )


def email_config(url: str | None, console: bool) -> dict[str, Any]:
    if not url or urlparse(url).scheme == "console":
        if not url and not console:
            # Production without mail configured: fail on send, not silently print to a log.
            return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps"}:
        raise ConfigError(f"SPETS_EMAIL_URL={url!r}: use smtp://, smtps:// or console://")
    query = dict(part.split("=", 1) for part in parsed.query.split("&") if "=" in part)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": parsed.username or "",
        "EMAIL_HOST_PASSWORD": parsed.password or "",
        "EMAIL_USE_TLS": parsed.scheme == "smtp" and query.get("tls", "1") == "1",
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
    }


def secret_key(value: str | None, relaxed: bool, data_dir: Path) -> str:
    """The configured key; in demo/debug a generated one kept in the data directory."""
    if value:
        if not relaxed and len(value) < 50:
            raise ConfigError("SPETS_SECRET_KEY is too short: use at least 50 random characters")
        return value
    if not relaxed:
        raise ConfigError(
            "SPETS_SECRET_KEY is required in production: set it to at least 50 random characters "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(64))'); to try Spets, run `spets demo`"
        )
    key_file = data_dir / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(64)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


def check_debug(debug: bool, demo: bool) -> None:
    """DEBUG shows tracebacks, settings and URL patterns to anyone: never outside demo mode."""
    if debug and not demo:
        raise ConfigError(
            "SPETS_DEBUG=1 is refused outside demo mode: it shows tracebacks and server paths to every "
            "user. Use it only for development, with SPETS_DEMO=1 on 127.0.0.1"
        )


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def check_debug_host(debug: bool, host: str) -> None:
    """A debug server answers only this machine."""
    if debug and host not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"SPETS_DEBUG=1 is refused on --host {host}: a debug server may listen on 127.0.0.1 only"
        )


def settings_reference() -> str:
    """Markdown reference of every setting (docs/settings.md)."""
    lines = [
        "# Settings reference",
        "",
        "Spets reads its configuration from environment variables. A bad value stops Spets with one",
        "line naming the variable (exit code 2). Generated from `spets.config.SETTINGS`; a test keeps",
        "this page in step: regenerate with `spets settings-doc > docs/settings.md`.",
        "",
        "| Variable | Type | Default | Meaning |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = ", ".join(s.default) if isinstance(s.default, list) else s.default
        lines.append(
            f"| `{s.name}` | {s.kind} | {'—' if default in (None, '') else f'`{default}`'} | {s.help} |"
        )
    return "\n".join(lines) + "\n"
