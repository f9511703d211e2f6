"""Roles and who may do what. The table in ``docs/roles.md`` says the same in words; the access
tests read it and check the routes against it."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vejviser.models.account import Account
    from vejviser.models.offer import Offer

VOLUNTEER = "volunteer"
EDITOR = "editor"
CONSULTANT = "consultant"
#: Higher ranks may do everything lower ones may.
ROLE_RANK = {VOLUNTEER: 1, EDITOR: 2, CONSULTANT: 3}
ROLES = tuple(ROLE_RANK)
#: Roles whose accounts may (and with ``REQUIRE_TOTP_FOR_STAFF``, must) use a second factor.
TOTP_ROLES = (EDITOR, CONSULTANT)


def has_rank(account: Account | None, role: str) -> bool:
    """Whether ``account`` (active) holds ``role`` or a higher one."""
    if account is None or not account.active:
        return False
    return ROLE_RANK.get(account.role, 0) >= ROLE_RANK[role]


def organisation_ids(account: Account) -> set[str]:
    """The ids of the organisations ``account`` belongs to."""
    return {organisation.id for organisation in account.organisations}


def may_edit_offer(account: Account | None, offer: Offer) -> bool:
    """Consultants and editors edit any offer; volunteers those of their organisations."""
    if account is None or not account.active:
        return False
    if has_rank(account, EDITOR):
        return True
    return offer.organization_id in organisation_ids(account)


def may_read_history(account: Account | None, offer: Offer) -> bool:
    """Editors and the consultant read every offer's history; volunteers their own offers'."""
    return may_edit_offer(account, offer)


def sees_hidden_address(account: Account | None) -> bool:
    """Only the consultant sees an address whose precision is "none" (in history too)."""
    return has_rank(account, CONSULTANT)


def may_invite(account: Account | None, role: str, organisation_id: str | None) -> bool:
    """The consultant invites anyone; a volunteer invites volunteers to their own organisations."""
    if has_rank(account, CONSULTANT):
        return True
    if account is None or not account.active or role != VOLUNTEER or organisation_id is None:
        return False
    return organisation_id in organisation_ids(account)
