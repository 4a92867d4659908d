"""Coordinator and admin accounts: argon2id passwords, database-held sessions, lockout and the audit table.

Sessions live in the database (``coord_sessions``) so every worker process of
``aula-server serve --workers N`` accepts them; the cookie holds a random
token and the table only its SHA-256. Each session has its own CSRF token,
required on every form it posts.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlmodel import col

from server.auth import hash_secret
from server.coordination.models import AuditEntry, LoginThrottle, WebSession, WebUser
from server.db import Database
from server.enrollment import AdminError
from server.models import as_utc, utcnow

ROLES = ("coordinator", "admin")
MAX_FAILURES = 10
LOCK_MINUTES = 15
SESSION_HOURS = 8
MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}$")
# argon2id with RFC 9106's second recommended set scaled down for a 2-core server: 64 MiB, 3 passes.
_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1)
#: Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("cuenta-inexistente")


@dataclass(frozen=True)
class Account:
    """The signed-in user as pages see it."""

    user_id: int
    email: str
    role: str
    regions: tuple[str, ...]
    csrf: str

    @property
    def sees_all(self) -> bool:
        return self.role == "admin"


class LoginRefused(Exception):
    """Wrong e-mail or password, or a locked account; ``message`` is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _email(value: str) -> str:
    return value.strip().lower()


def create_user(db: Database, email: str, role: str, regions: list[str], password: str) -> WebUser:
    """Create or replace (password, role, regions) an account."""
    email = _email(email)
    if not _EMAIL.match(email):
        raise AdminError(f"correo «{email}» no válido")
    if role not in ROLES:
        raise AdminError("el rol debe ser coordinator o admin")
    if role == "coordinator" and not regions:
        raise AdminError("un coordinador necesita al menos una región (--region)")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"la contraseña debe tener al menos {MIN_PASSWORD} caracteres")
    cleaned = [" ".join(r.split()) for r in regions if r.strip()]
    with db.write() as session:
        user = session.scalars(select(WebUser).where(col(WebUser.email) == email)).first() or \
            WebUser(email=email, role=role, password_hash="")  # both set on the next line
        user.role, user.regions, user.password_hash = role, "\n".join(cleaned), _HASHER.hash(password)
        session.add(user)
        session.execute(delete(LoginThrottle).where(col(LoginThrottle.email) == email))
        session.commit()
        session.refresh(user)
    return user


def audit(db: Database, email: str, action: str, detail: str = "", address: str = "") -> None:
    with db.write() as session:
        session.add(AuditEntry(email=email[:254], action=action, detail=detail[:500], address=address[:64]))
        session.commit()


def login(db: Database, email: str, password: str, address: str) -> tuple[str, Account]:
    """Check a password; returns the new session's cookie token and the account.

    Raises:
        LoginRefused: unknown e-mail, wrong password, or locked after :data:`MAX_FAILURES` failures.
    """
    email = _email(email)[:254]
    now = utcnow()
    if not email or "\x00" in email or "\x00" in password:
        raise LoginRefused("Correo o contraseña incorrectos.")
    with db.read() as session:
        throttle = session.get(LoginThrottle, email)
        user = session.scalars(select(WebUser).where(col(WebUser.email) == email)).first()
    if throttle is not None and throttle.locked_until is not None and as_utc(throttle.locked_until) > now:
        audit(db, email, "login_locked", "", address)
        raise LoginRefused(f"Demasiados intentos fallidos; la cuenta está bloqueada {LOCK_MINUTES} minutos.")
    try:
        ok = _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:  # ok is False without a user; the second test tells the type checker
        _failed(db, email, now)
        audit(db, email, "login_failed", "", address)
        raise LoginRefused("Correo o contraseña incorrectos.")
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    account = _account(user, csrf)
    with db.write() as session:
        session.execute(delete(LoginThrottle).where(col(LoginThrottle.email) == email))
        session.execute(delete(WebSession).where(col(WebSession.expires_at) < now))
        session.add(WebSession(token_hash=hash_secret(token), user_id=account.user_id, csrf=csrf, created_at=now,
                               expires_at=now + dt.timedelta(hours=SESSION_HOURS)))
        session.add(AuditEntry(email=email, action="login", address=address[:64]))
        session.commit()
    return token, account


def _account(user: WebUser, csrf: str) -> Account:
    if user.id is None:  # read from the database, so the id is set
        raise ValueError(f"the web user {user.email} has no id")
    return Account(user.id, user.email, user.role, tuple(user.region_list), csrf)


def _failed(db: Database, email: str, now: dt.datetime) -> None:
    with db.write() as session:
        throttle = session.get(LoginThrottle, email)
        if throttle is None:
            throttle = LoginThrottle(email=email, failures=0)
        if throttle.locked_until is not None and as_utc(throttle.locked_until) <= now:
            throttle.failures, throttle.locked_until = 0, None
        throttle.failures += 1
        if throttle.failures >= MAX_FAILURES:
            throttle.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
        session.add(throttle)
        session.commit()


def session_account(db: Database, token: str | None) -> Account | None:
    """The account of a live session cookie, or ``None``."""
    if not token or len(token) > 200:
        return None
    with db.read() as session:
        web = session.get(WebSession, hash_secret(token))
        if web is None or as_utc(web.expires_at) <= utcnow():
            return None
        user = session.get(WebUser, web.user_id)
    if user is None:
        return None
    return _account(user, web.csrf)


def csrf_ok(account: Account | None, submitted: str | None) -> bool:
    return account is not None and submitted is not None and hmac.compare_digest(account.csrf, submitted)


def logout(db: Database, token: str, account: Account, address: str) -> None:
    with db.write() as session:
        session.execute(delete(WebSession).where(col(WebSession.token_hash) == hash_secret(token)))
        session.add(AuditEntry(email=account.email, action="logout", address=address[:64]))
        session.commit()
