"""Where an import's services come from: a JSON file, or an HSDS tabular package (a folder of CSV
files, a zip of them, or its ``datapackage.json``), the same layouts our export writes.

A zip file is bounded before anything is unpacked, from its own directory: at most
``MAX_MEMBERS`` files, ``MAX_UNPACKED_MB`` unpacked, and no file compressed more than
``MAX_RATIO`` times (CSV text packs 5-20 times; a zip bomb thousands). Python's zip reader never
unpacks more than a member's declared size, so the declared sizes bound the work.
"""
from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from vejviser.hsds.jsonstream import JsonStream, SourceError
from vejviser.hsds.report import Finding, finding
from vejviser.hsds.tabular_assemble import Assembler
from vejviser.hsds.tabular_read import NEW_IN_3_1, read_tables

MAX_MEMBERS = 200
MAX_UNPACKED_MB = 1024
MAX_RATIO = 200


@dataclass
class Source:
    """The services of one input, read lazily, and what the reading found about the file."""

    name: str
    format: str
    reader: Callable[[], Iterator[Any]]
    #: Findings about the file known before reading (refusals, unknown tables).
    findings: list[Finding] = field(default_factory=list)
    #: Findings known only once every service was read (rows that belong to nothing, page).
    afterwards: Callable[[], list[Finding]] = lambda: []
    #: How many services, when known before reading (a CSV package).
    size: int | None = None
    #: (bytes read, bytes in all) while reading a JSON file whose count is not known.
    measure: Callable[[], tuple[int, int]] | None = None
    #: The HSDS version the package itself shows (tables new in 3.1), else "".
    version: str = ""

    def documents(self) -> Iterator[Any]:
        """The service documents; raises :class:`SourceError` when the file cannot be read."""
        return self.reader()


def from_payload(payload: Any, name: str = "") -> Source:
    """A source for parsed JSON: one service, an array, or a list page."""
    if isinstance(payload, list):
        return Source(name, "json", lambda: iter(payload), size=len(payload))
    if isinstance(payload, dict) and "contents" in payload:
        contents = payload["contents"]
        if not isinstance(contents, list):
            return Source(name, "json", lambda: iter(()), [finding(
                "file.page_field", name="contents", expected=("en liste", "a list"))])
        return Source(name, "json", lambda: iter(contents), size=len(contents))
    if isinstance(payload, dict):
        return Source(name, "json", lambda: iter([payload]), size=1)
    return Source(name, "json", lambda: iter(()), [finding("file.shape")])


def open_source(path: str) -> Source:
    """The source behind ``path`` ("-" is JSON on stdin); see the module docstring."""
    if path == "-":
        return _json_source(Path("-"), "stdin")
    file = Path(path)
    name = file.name
    if file.is_dir():
        return _csv_source(name, {child.name: _opener(child) for child in file.iterdir()
                                  if child.is_file()})
    if file.name == "datapackage.json":
        return _csv_source(file.parent.name or name, {
            child.name: _opener(child) for child in file.parent.iterdir() if child.is_file()})
    if not file.exists():
        return Source(name, "json", lambda: iter(()), [finding(
            "file.unreadable", problem=("filen findes ikke", "no such file"))])
    if zipfile.is_zipfile(file):
        return _zip_source(file)
    return _json_source(file, name)


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _json_source(file: Path, name: str) -> Source:
    stream = JsonStream(file) if name != "stdin" else JsonStream(file, sys.stdin)
    size = file.stat().st_size if name != "stdin" else 0
    return Source(name, "json", lambda: iter(stream), afterwards=lambda: stream.page_problems,
                  measure=(lambda: (min(stream.read_bytes, size), size)) if size else None)


def _zip_source(file: Path) -> Source:
    name = file.name
    try:
        archive = zipfile.ZipFile(file)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError):
        return Source(name, "csv", lambda: iter(()), [finding("zip.bad")])
    refused = zip_refusal(members)
    if refused is not None:
        return Source(name, "csv", lambda: iter(()), [refused])
    files = {PurePosixPath(info.filename).name: _member(archive, info)
             for info in members if not PurePosixPath(info.filename).name.startswith(".")}
    return _csv_source(name, files)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], IO[bytes]]:
    return lambda: archive.open(info)


def zip_refusal(members: list[zipfile.ZipInfo]) -> Finding | None:
    """Why a zip file with these members is refused (a possible zip bomb), or None."""
    if len(members) > MAX_MEMBERS:
        return finding("zip.too_many", found=len(members), limit=MAX_MEMBERS)
    if sum(info.file_size for info in members) > MAX_UNPACKED_MB * 1024 * 1024:
        return finding("zip.too_big", limit=MAX_UNPACKED_MB)
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_RATIO:
            return finding("zip.ratio", member=info.filename, ratio=int(ratio), limit=MAX_RATIO)
    return None


def _package_numbers(files: dict[str, Callable[[], IO[bytes]]]) -> dict[str, set[str]]:
    """Number columns a ``datapackage.json`` declares (older and newer tables than ours)."""
    if "datapackage.json" not in files:
        return {}
    try:
        with files["datapackage.json"]() as handle:
            package = json.load(handle)
        return {PurePosixPath(str(resource.get("path", ""))).name: {
            str(spec.get("name")) for spec in resource.get("schema", {}).get("fields", [])
            if spec.get("type") in ("number", "integer")}
            for resource in package.get("resources", []) if isinstance(resource, dict)}
    except (ValueError, OSError, AttributeError):  # a broken package file: read the CSV as is
        return {}


def _csv_source(name: str, files: dict[str, Callable[[], IO[bytes]]]) -> Source:
    numbers = _package_numbers(files)
    csv_files = {key: opener for key, opener in files.items() if key.lower().endswith(".csv")}
    if not csv_files:
        return Source(name, "csv", lambda: iter(()), [finding("file.kind")])
    tables, found = read_tables(csv_files, numbers)
    assembler = Assembler(tables)
    services = tables.get("services.csv")
    return Source(name, "csv", assembler.documents, found, assembler.leftovers,
                  size=len(services.rows) if services is not None else 0,
                  version="3.1" if NEW_IN_3_1 & set(csv_files) else "")


__all__ = ["Source", "SourceError", "from_payload", "open_source", "zip_refusal"]
