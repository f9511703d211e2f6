"""Which offers are about violence or crisis: their pages and widget cards get the quick-exit
button (a citizen may be watched)."""
from __future__ import annotations

from vejviser.catalogue.public import PublicOffer

QUICK_EXIT_CATEGORIES = frozenset({"krisecenter"})
QUICK_EXIT_TARGET_GROUPS = frozenset({"kvinder-udsat-for-vold"})


def is_crisis_offer(offer: PublicOffer) -> bool:
    """True when ``offer`` is a crisis offer or meant for people exposed to violence."""
    return bool({t.code for t in offer.categories} & QUICK_EXIT_CATEGORIES
                or {t.code for t in offer.target_groups} & QUICK_EXIT_TARGET_GROUPS)
