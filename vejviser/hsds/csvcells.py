"""Cells of our CSV files that a spreadsheet cannot run as formulas, and the exact way back.

A spreadsheet opening a CSV file treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula: ``=HYPERLINK(...)`` leaks data, ``=cmd|' /C calc'!A0`` starts a
program (OWASP, "CSV Injection"). Every text cell we write goes through ``neutralise``, which puts
an apostrophe in front of such a cell; every cell our CSV import reads goes through ``restore``,
which takes it off again, so ``restore(neutralise(text)) == text`` for any text.

The rule, and why each part is there:

* A cell that starts with ``=``, ``@``, a tab or a carriage return gets a ``'`` in front.
* So does a cell that starts with ``+`` or ``-`` - unless the whole cell is a plain number or
  phone number (sign, digit, then only digits, spaces, dots and commas): ``+45 66 13 13 72`` and
  ``-12,5`` stay as they are. Not "any sign followed by a digit": ``-2+3+cmd|' /C calc'!A1`` is a
  known payload that starts that way.
* A cell that already starts with ``'`` gets one more. Without this, ``restore`` could not tell
  our apostrophe from one that belongs to the text (``'tis``), and the round trip would lose it.

``restore`` therefore only ever removes one leading ``'``, and a cell we wrote starts with ``'``
exactly when we put it there.
"""
from __future__ import annotations

import re

#: What we put in front of a dangerous cell (and in front of a cell that starts with it).
QUOTE = "'"
#: A first character that makes a spreadsheet read the cell as a formula, whatever follows.
FORMULA_STARTS = ("=", "@", "\t", "\r")
SIGNS = ("+", "-")
#: A signed cell that is only a number or a phone number: safe, and left alone.
PLAIN_NUMBER = re.compile(r"[+-][0-9][0-9 .,]*")


def starts_formula(cell: str) -> bool:
    """True when a spreadsheet could read ``cell`` as a formula."""
    if cell.startswith(FORMULA_STARTS):
        return True
    return cell.startswith(SIGNS) and PLAIN_NUMBER.fullmatch(cell) is None


def neutralise(cell: str) -> str:
    """``cell`` as it may be written to a CSV file: see the module docstring."""
    if starts_formula(cell) or cell.startswith(QUOTE):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The text ``neutralise`` was given, from a cell it wrote (exactly; any text)."""
    return cell[len(QUOTE):] if cell.startswith(QUOTE) else cell
