"""Min liste: offers picked for a citizen, kept in the URL (``?liste=slug,slug``) so it can be
shared, and a print view — A4, large type, hours, addresses, phones, a QR code and the date.

``site.js`` mirrors the list in localStorage; the server never stores it.
"""
from __future__ import annotations

import segno
from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from vejviser.hours import fmt_date
from vejviser.local_time import now_local
from vejviser.web.messages import current_lang
from vejviser.web.public import blueprint
from vejviser.web.public.cards import Card, make_card, needs_quick_exit, public_offers
from vejviser.web.public.templating import list_param, list_slugs


def _cards() -> list[Card]:
    """The list's offers in the order they were added (unknown slugs are left out)."""
    at, lang = now_local(), current_lang()
    return [make_card(offer, at, lang, with_hours=True)
            for offer in public_offers(slugs=list_slugs())]


def share_url(cards: list[Card]) -> str:
    """The absolute address of this list (``BASE_URL``), for the QR code and the share box."""
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    return base + url_for("public.my_list", liste=list_param([c.offer.slug for c in cards]))


#: The densest QR code we print: version 25 (117 modules) at the print view's 14rem is about half a
#: millimetre a module, about what a phone camera still reads from paper. (Version 40 holds about
#: 2,900 characters; a list of 30 long names is longer still.)
MAX_QR_VERSION = 25
#: Codes above this version print larger (``qr--dense``), so their modules stay readable.
DENSE_QR_VERSION = 10


def qr_svg(url: str, title: str) -> Markup | None:
    """The link as an inline SVG QR code made here (segno): no image service, no request out.

    ``None`` when the link is too long for a code a phone can read from paper; the print view
    then says so and keeps the link in text. The lowest error correction that fits is raised
    as far as the code's size allows (``boost_error``).
    """
    try:
        code = segno.make(url, error="l", boost_error=True, micro=False)
    except segno.DataOverflowError:
        return None
    version = int(code.version)  # an int: only Micro QR versions are strings ("M4")
    if version > MAX_QR_VERSION:
        return None
    css = "qr qr--dense" if version > DENSE_QR_VERSION else "qr"
    return Markup(code.svg_inline(scale=4, border=2, omitsize=True, title=title,
                                  svgclass=css, lineclass=None))


@blueprint.get("/liste")
def my_list() -> ResponseReturnValue:
    """The list on screen: remove offers, share the link, go to the print view."""
    cards = _cards()
    return render_template("public/list.html", cards=cards, share=share_url(cards),
                           my_list=[card.offer.slug for card in cards],
                           quick_exit=needs_quick_exit(c.offer for c in cards))


@blueprint.get("/liste/print")
def print_list() -> ResponseReturnValue:
    """The list for paper: everything a citizen needs without the internet, and a QR code."""
    cards = _cards()
    url = share_url(cards)
    qr = qr_svg(url, title=_("QR-kode med linket til listen")) if cards else None
    return render_template("public/print.html", cards=cards, share=url,
                           my_list=[card.offer.slug for card in cards], qr=qr,
                           printed=fmt_date(now_local().date(), current_lang()),
                           quick_exit=needs_quick_exit(c.offer for c in cards))
