"""TOTP second factor (pyotp, RFC 6238) and single-use recovery codes (stored as hashes)."""
from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp

from vejviser.models.account import Account

ISSUER = "Den sociale vejviser"
RECOVERY_CODES = 10


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _clean(code: str) -> str:
    return "".join(character for character in (code or "") if character.isalnum()).lower()


def totp_ok(secret: str, code: str) -> bool:
    """Whether ``code`` is the current code of ``secret`` (one step either side allowed)."""
    cleaned = _clean(code)
    return len(cleaned) == 6 and cleaned.isdigit() and pyotp.TOTP(secret).verify(
        cleaned, valid_window=1)


def _hash_code(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k3f9-x2m7-q8ta`` to be shown once (only their hashes are kept)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ["-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
            for _ in range(RECOVERY_CODES)]


def enable(account: Account, secret: str, recovery_codes: list[str]) -> None:
    """Turn the second factor on with ``secret``; ``recovery_codes`` replace any earlier ones."""
    account.totp_secret = secret
    account.recovery_codes = "\n".join(_hash_code(code) for code in recovery_codes)


def disable(account: Account) -> None:
    """Turn the second factor off (the consultant's reset, or the owner)."""
    account.totp_secret = None
    account.recovery_codes = ""


def verify_second_factor(account: Account, code: str) -> bool:
    """A current TOTP code, or an unused recovery code (which is then used up)."""
    if not account.totp_secret:
        return False
    if totp_ok(account.totp_secret, code):
        return True
    wanted = _hash_code(code)
    stored = [line for line in account.recovery_codes.splitlines() if line]
    for index, candidate in enumerate(stored):
        if len(_clean(code)) == 12 and hmac.compare_digest(candidate, wanted):
            account.recovery_codes = "\n".join(stored[:index] + stored[index + 1:])
            return True
    return False
