"""Read the services of a JSON file one at a time, never the whole file at once.

A 10,000-service list page is about 100 MB of JSON and well over 500 MB as Python objects; the
import needs one service at a time. The file holds one service object, an array of them, or a
list page ``{"contents": [...], "total_items": ...}``. :class:`JsonStream` reads it in chunks and
parses each service with the standard library's own decoder (``raw_decode``), so what counts as
valid JSON is exactly what ``json.loads`` accepts.

Problems with the file itself become a :class:`SourceError` carrying a finding: not UTF-8, not
valid JSON (with the line and column in the file), nested too deep for the parser, or a shape
that is none of the three.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from vejviser.hsds.report import Finding, finding
from vejviser.hsds.schema import PAGE_FIELDS

CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class SourceError(Exception):
    """The file cannot be read as HSDS at all; ``finding`` says why."""

    def __init__(self, found: Finding) -> None:
        super().__init__(found.kind)
        self.finding = found


class JsonStream:
    """The service documents of one JSON file, read lazily (see the module docstring)."""

    def __init__(self, path: Path, handle: IO[str] | None = None) -> None:
        self.path, self.handle = path, handle
        self.page: dict[str, Any] = {}
        self.page_problems: list[Finding] = []
        self.read_bytes = 0

    def __iter__(self) -> Iterator[Any]:
        try:
            if self.handle is not None:  # stdin
                yield from _Parser(self.handle, self).documents()
                return
            with self.path.open(encoding="utf-8-sig") as handle:
                yield from _Parser(handle, self).documents()
        except OSError as error:
            raise SourceError(finding("file.unreadable", problem=error.strerror or str(error)))
        except UnicodeDecodeError as error:
            raise SourceError(finding("file.not_utf8", byte=error.start)) from None


class _Parser:
    def __init__(self, handle: IO[str], stream: JsonStream) -> None:
        self.handle, self.stream = handle, stream
        self.buf, self.pos, self.eof = "", 0, False
        self.line, self.column = 1, 1  # of buf[0] in the file

    def _fill(self) -> bool:
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.stream.read_bytes += len(chunk)
        dropped = self.buf[:self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(dropped) - dropped.rfind("\n")
        else:
            self.column += len(dropped)
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        return True

    def _error(self, pos: int) -> SourceError:
        """"Not valid JSON" at ``pos`` in the buffer, as a line and column of the file."""
        before = self.buf[:pos]
        newlines = before.count("\n")
        if newlines:
            line, column = self.line + newlines, pos - before.rfind("\n")
        else:
            line, column = self.line, self.column + pos
        return SourceError(finding("file.not_json", line=line, column=column))

    def peek(self) -> str:
        while True:
            found = _SPACE.match(self.buf, self.pos)
            self.pos = found.end() if found else self.pos
            if self.pos < len(self.buf) or not self._fill():
                return self.buf[self.pos:self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self._error(self.pos)
        self.pos += 1

    def value(self) -> Any:
        self.peek()  # raw_decode does not skip the whitespace before a value
        while True:
            try:
                found, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue  # the value may only be cut off by the chunk
                raise self._error(error.pos) from None
            except RecursionError:  # [[[[...]]]] deeper than the parser can go
                raise SourceError(finding("file.too_deep")) from None
            if end == len(self.buf) and not self.eof and self._fill():
                continue  # a number may go on in the next chunk: read it whole
            self.pos = end
            return found

    def documents(self) -> Iterator[Any]:
        first = self.peek()
        if first == "[":
            yield from self._array()
        elif first == "{":
            yield from self._object()
        elif first:
            self.value()  # a string or a number: valid JSON, but no service
            raise SourceError(finding("file.shape"))
        else:
            raise self._error(self.pos)
        if self.peek():
            raise self._error(self.pos)

    def _array(self) -> Iterator[Any]:
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self.pos += 1
                return
            self.expect(",")

    def _object(self) -> Iterator[Any]:
        """A list page (its contents one by one) or a single service (yielded whole)."""
        self.expect("{")
        fields: dict[str, Any] = {}
        paged = False
        while self.peek() != "}":
            if fields or paged:
                self.expect(",")
            key = self.value()
            self.expect(":")
            if key == "contents" and self.peek() == "[":
                paged = True
                yield from self._array()
            else:
                fields[str(key)] = self.value()
        self.pos += 1
        if not paged:
            if "contents" in fields:  # contents that is not a list
                self.stream.page_problems.append(finding("file.page_field", name="contents",
                                                         expected=("en liste", "a list")))
                return
            yield fields
            return
        self.stream.page = fields
        for name, kind in PAGE_FIELDS.items():
            value = fields.get(name)
            if value is not None and (not isinstance(value, kind) or
                                      (kind is int and isinstance(value, bool))):
                self.stream.page_problems.append(finding(
                    "file.page_field", name=name,
                    expected=("et heltal", "an integer") if kind is int else
                    ("sand eller falsk", "true or false")))
