"""Password hashing with argon2id (argon2-cffi), and the rule a new password must meet."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from vejviser.messages import Message

#: argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, 3 passes, 4 lanes).
_hasher = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 200
#: Verified against when the account does not exist, so the answer takes as long either way.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    """The argon2id hash to store for ``password``."""
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (False without a stored hash, after the same
    work as a real check)."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with weaker settings than today's."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def password_problem(password: str, email: str = "") -> Message | None:
    """Why ``password`` cannot be used (Danish), or None. Length over rules (NIST SP 800-63B)."""
    if len(password) < MIN_LENGTH:
        return Message("Adgangskoden skal være mindst %(count)d tegn.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return Message("Adgangskoden må højst være %(count)d tegn.", count=MAX_LENGTH)
    if email and password.strip().lower() == email.strip().lower():
        return Message("Adgangskoden må ikke være din e-mailadresse.")
    return None
