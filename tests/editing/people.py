"""Back-office people for domain tests: accounts in the database, as ``Editor`` values."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from tests.accounts import make_account
from vejviser.editing.publish import Editor
from vejviser.models import Organization

NAMES = {"consultant": "Karen Konsulent", "editor": "Eva Redaktør", "volunteer": "Vera Frivillig"}


def person(session: Session, role: str, organizations: Iterable[str] = (),
           name: str = "") -> Editor:
    """A new active account with ``role`` (member of ``organizations``), as an ``Editor``."""
    members = [org for org_id in organizations
               if (org := session.get(Organization, org_id)) is not None]
    account = make_account(session, role, name=name or NAMES[role], organisations=members)
    return Editor(account.id, account.name, role, frozenset(org.id for org in members))
