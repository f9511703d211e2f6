"""Read an HTML form as a browser submits it: every field with its current value."""
from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _Form(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.option: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("action", "") == self.action and not self.fields
            return
        if not self.inside:
            return
        if tag == "input" and found.get("name"):
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            if kind not in ("submit", "button"):
                self.fields.append((found["name"], found.get("value", "on" if kind in (
                    "checkbox", "radio") else "")))
        elif tag == "textarea":
            self.textarea, self.text = found.get("name"), ""
        elif tag == "select":
            self.select, self.options = found.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((found.get("value", ""), "selected" in found))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            self.fields.append((self.select, (chosen or [v for v, _ in self.options] or [""])[0]))
            self.select = None


def form_fields(html: str, action: str) -> MultiDict[str, str]:
    """The fields the form posting to ``action`` submits as it stands."""
    parser = _Form(action)
    parser.feed(html)
    return MultiDict(parser.fields)


def set_days(form: MultiDict[str, str], prefix: str, days: list[str]) -> None:
    """Tick exactly ``days`` in the weekday checkboxes of hours row ``prefix``."""
    form.setlist(f"{prefix}byday", days)
