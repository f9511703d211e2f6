"""Errors under ``/api/`` as RFC 9457 problem details (``application/problem+json``), in Danish.

The body keeps API v1's ``error`` member (``status``, ``title``, ``message``) as an extension
member, so clients written against v1 keep working::

    {"type": "about:blank", "title": "Ikke fundet", "status": 404,
     "detail": "Intet tilbud med nøglen 'x'.", "instance": "/api/v1/offers/x",
     "error": {"status": 404, "title": "Not Found", "message": "Intet tilbud med nøglen 'x'."}}

werkzeug's own descriptions are English; where a view gave none of its own, the detail is ours.
"""
from __future__ import annotations

from flask import Response, jsonify, make_response, request
from werkzeug.exceptions import HTTPException

from vejviser.messages import Message

MEDIA_TYPE = "application/problem+json"

#: Danish titles for the statuses an API answer can have.
TITLES = {
    400: Message("Ugyldig forespørgsel"),
    404: Message("Ikke fundet"),
    405: Message("Metoden er ikke tilladt"),
    406: Message("Formatet kan ikke leveres"),
    413: Message("For stor forespørgsel"),
    414: Message("For lang adresse"),
    429: Message("For mange forespørgsler"),
    431: Message("For store headere"),
    500: Message("Intern fejl"),
    503: Message("Midlertidigt utilgængelig"),
}
#: What we say when the view gave no description of its own.
DETAILS = {
    400: Message("Forespørgslen kunne ikke forstås. Se dokumentationen på /api."),
    404: Message("Der er ingen API-adresse her. Se dokumentationen på /api."),
    405: Message("Denne adresse svarer kun på de metoder, som Allow-headeren nævner."),
    406: Message("Svaret findes kun som JSON."),
    500: Message("Der skete en fejl hos os. Den er logget; prøv igen senere."),
    503: Message("Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt."),
}


def detail_of(error: HTTPException, message: str | None) -> str:
    """The problem's detail: the view's own message, else ours for the status (Danish)."""
    if message:
        return message
    status = error.code or 500
    own = error.description and error.description != type(error).description
    if own:
        return str(error.description)
    return DETAILS.get(status) or str(error.description or error.name)


def problem_response(error: HTTPException, message: str | None = None,
                     title: str | None = None) -> Response:
    """``error`` as an ``application/problem+json`` answer (headers are the caller's)."""
    status = error.code or 500
    detail = detail_of(error, message)
    body = {
        "type": "about:blank",
        "title": title or TITLES.get(status) or error.name,
        "status": status,
        "detail": detail,
        "instance": request.path,
        "error": {"status": status, "title": error.name, "message": detail},
    }
    response = make_response(jsonify(body), status)
    response.mimetype = MEDIA_TYPE
    return response
