"""Formula injection ("CSV injection"): a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) is run as a formula when a CSV is opened in Excel, LibreOffice or Sheets.

Two defences share the rule here:

* validation (:func:`formula_problem`) rejects such a cell in a text column of the raw data;
* output (:func:`neutralise_formulas`) prefixes a single quote ``'`` to every text cell that starts
  with one of those characters in the CSV written by ``shanxi build`` and by ``--format csv``.

A cell of that one character alone is exempt from both: the placeholder ``-`` that the plan tables
print for "nothing printed" and the comparator ``=`` have nothing after the sign to run.  Numeric
columns are written as numbers, untouched (``-3.2`` stays a number); a code column whose pattern
allows a sign (a register value ``-2``) may start with ``-`` (checked in :mod:`..data.schema`).
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula(text) -> bool:
    """True for a string a spreadsheet may run as a formula (a lone ``-`` or ``=`` is not)."""
    return isinstance(text, str) and len(text) > 1 and text.startswith(FORMULA_PREFIXES)


def formula_problem(text: str) -> str | None:
    """The validation message for a free-text cell that would run as a formula, else None."""
    if not is_formula(text):
        return None
    return (
        f"{text[:40]!r} starts with {text[0]!r}, which a spreadsheet runs as a formula; text cells must not "
        f"start with = + - @ (a lone '-', the blank placeholder, is allowed): reword the cell"
    )


def neutralise(text):
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula; anything else as is."""
    return "'" + text if is_formula(text) else text


def neutralise_formulas(df):
    """A copy of ``df`` whose text cells cannot run as formulas (see the module docstring)."""
    out = df.copy()
    for col in out.columns:
        if (out[col].dtype == object or str(out[col].dtype) in ("string", "str")) and out[col].map(is_formula).any():
            out[col] = out[col].map(neutralise)
    return out


__all__ = ["FORMULA_PREFIXES", "formula_problem", "is_formula", "neutralise", "neutralise_formulas"]
