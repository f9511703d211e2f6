"""Nest the rows of an HSDS tabular package into service documents (see ``tabular_read``).

One document per row of ``services.csv``, in the file's order, built when asked for, so only
the tables (as tuples) and one document are in memory at a time. Rows no document took are
counted per table afterwards (:meth:`Assembler.leftovers`): the report names them, nothing is
dropped without a word.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from vejviser.hsds.report import Finding, finding
from vejviser.hsds.tabular_read import NESTING, Table

#: Fields HSDS requires that may be written empty ("" is their value, not "missing").
REQUIRED_TEXT = {"description", "address_1", "city", "state_province", "postal_code", "country",
                 "name"}
#: Parent kind -> the table holding it.
PARENTS = {"service": "services.csv", "place": "service_at_location.csv",
           "location": "locations.csv", "contact": "contacts.csv", "phone": "phones.csv",
           "organization": "organizations.csv"}


class Assembler:
    """Service documents from the tables of one package."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.used = {name: bytearray(len(table.rows)) for name, table in tables.items()}
        self.ids = {kind: self._index(PARENTS[kind]) for kind in PARENTS}
        self.children: dict[tuple[str, Any], list[tuple[str, str, int]]] = defaultdict(list)
        for name, (key, parents) in NESTING.items():
            table = tables.get(name)
            if table is None:
                continue
            columns = [(table.columns.index(fk), kind) for fk, kind in parents
                       if fk in table.columns]
            for number, row in enumerate(table.rows):
                for column, kind in columns:
                    if row[column] is not None and row[column] in self.ids[kind]:
                        self.children[(kind, row[column])].append((key, name, number))
                        break
        self.places = self._group("service_at_location.csv", "service_id")
        self.attributes = self._group("attributes.csv", "link_id")
        self.terms = self._index("taxonomy_terms.csv")
        self.taxonomies = self._index("taxonomies.csv")

    def _index(self, name: str) -> dict[Any, int]:
        table = self.tables.get(name)
        if table is None or "id" not in table.columns:
            return {}
        column = table.columns.index("id")
        return {row[column]: number for number, row in enumerate(table.rows)
                if row[column] is not None}

    def _group(self, name: str, key: str) -> dict[Any, list[int]]:
        table = self.tables.get(name)
        out: dict[Any, list[int]] = defaultdict(list)
        if table is not None and key in table.columns:
            column = table.columns.index(key)
            for number, row in enumerate(table.rows):
                out[row[column]].append(number)
        return out

    def _row(self, name: str, number: int) -> dict[str, Any]:
        table = self.tables[name]
        self.used[name][number] = 1
        # Empty text stays "" only where HSDS requires the field (our export writes "" there);
        # elsewhere an empty cell means "not given".
        return {key: value for key, value in zip(table.columns, table.rows[number])
                if value is not None and (value != "" or key in REQUIRED_TEXT)}

    def _entity(self, kind: str, name: str, number: int) -> dict[str, Any]:
        """One row with everything nested under it (its children, its attributes)."""
        row = self._row(name, number)
        for key, child_name, child in self.children.get((kind, row.get("id")), []):
            child_kind = next((k for k, table in PARENTS.items() if table == child_name), "")
            value = self._entity(child_kind, child_name, child) if child_kind \
                else self._leaf(child_name, child)
            row.setdefault(key, []).append(value)
        attributes = [self._attribute(n) for n in self.attributes.get(row.get("id"), [])]
        if attributes:
            row["attributes"] = attributes
        return row

    def _leaf(self, name: str, number: int) -> dict[str, Any]:
        row = self._row(name, number)
        attributes = [self._attribute(n) for n in self.attributes.get(row.get("id"), [])]
        if attributes:
            row["attributes"] = attributes
        return row

    def _attribute(self, number: int) -> dict[str, Any]:
        row = self._row("attributes.csv", number)
        term_number = self.terms.get(row.get("taxonomy_term_id"))
        if term_number is not None:
            term = self._row("taxonomy_terms.csv", term_number)
            taxonomy = self.taxonomies.get(term.get("taxonomy_id"))
            if taxonomy is not None:
                term["taxonomy_detail"] = self._row("taxonomies.csv", taxonomy)
            row["taxonomy_term"] = term
        return row

    def documents(self) -> Iterator[dict[str, Any]]:
        """The service documents, one per row of services.csv."""
        services = self.tables.get("services.csv")
        if services is None:
            return
        for number in range(len(services.rows)):
            document = self._entity("service", "services.csv", number)
            organization = self.ids["organization"].get(document.get("organization_id"))
            if organization is not None:
                document["organization"] = self._entity("organization", "organizations.csv",
                                                        organization)
            links = []
            for link_number in self.places.get(document.get("id"), []):
                link = self._entity("place", "service_at_location.csv", link_number)
                location = self.ids["location"].get(link.get("location_id"))
                if location is not None:
                    link["location"] = self._entity("location", "locations.csv", location)
                links.append(link)
            if links:
                document["service_at_locations"] = links
            yield document

    def leftovers(self) -> list[Finding]:
        """A note per table with rows no service took (call after :meth:`documents`)."""
        found = []
        for name, flags in self.used.items():
            unused = len(flags) - sum(flags)
            if unused and name not in ("taxonomies.csv", "taxonomy_terms.csv"):
                rows = (f"{unused} række" + ("r" if unused != 1 else ""),
                        f"{unused} row" + ("s" if unused != 1 else ""))
                found.append(finding("csv.orphans", table=self.tables[name].name, rows=rows))
        return found
