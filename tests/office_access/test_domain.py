"""The accounts domain without the web: addresses, passwords, roles."""
from __future__ import annotations

import pytest

from vejviser.accounts.passwords import hash_password, password_problem, verify_password
from vejviser.accounts.roles import has_rank, may_edit_offer, may_invite
from vejviser.accounts.service import email_problem
from vejviser.models import Account, Offer, Organization


@pytest.mark.parametrize("email", ["a@b.dk", "navn.efternavn+tag@odense.dk"])
def test_plain_addresses_are_accepted(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize("email", [
    "x@y.dk,evil@z.dk", "x@y.dk;z@w.dk", "Navn <x@y.dk>", '"a"@b.dk', "a@@b.dk", "a@b",
    "a b@c.dk", "a@b.dk\nBcc: z@w.dk", "ab@.dk.", "", "@b.dk"])
def test_anything_that_could_reach_another_recipient_is_refused(email: str) -> None:
    assert email_problem(email) is not None


def test_passwords_are_argon2id_and_length_is_the_rule() -> None:
    stored = hash_password("korrekt-hest-batteri-42")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "korrekt-hest-batteri-42")
    assert not verify_password(stored, "Korrekt-hest-batteri-42")
    assert not verify_password(None, "hvad-som-helst-her")
    assert not verify_password("ikke-en-hash", "hvad-som-helst-her")
    assert password_problem("kort") is not None
    assert password_problem("a@b.dk-a@b.dk", "a@b.dk-a@b.dk") is not None
    assert password_problem("x" * 201) is not None
    assert password_problem("fire ord er nok her") is None


def test_roles_rank_and_volunteers_edit_their_own_offers_only() -> None:
    own, other = Organization(id="own", name="Egen"), Organization(id="other", name="Anden")
    volunteer = Account(role="volunteer", active=True, organisations=[own])
    editor = Account(role="editor", active=True)
    mine, theirs = Offer(organization_id="own"), Offer(organization_id="other")
    assert may_edit_offer(volunteer, mine) and not may_edit_offer(volunteer, theirs)
    assert may_edit_offer(editor, theirs)
    assert not may_edit_offer(None, mine)
    assert has_rank(editor, "volunteer") and not has_rank(editor, "consultant")
    assert may_invite(volunteer, "volunteer", "own")
    assert not may_invite(volunteer, "volunteer", other.id)
    assert not may_invite(volunteer, "editor", "own")
    volunteer.active = False
    assert not may_edit_offer(volunteer, mine) and not may_invite(volunteer, "volunteer", "own")
