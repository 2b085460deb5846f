"""Where an indicator's page lives in the site ``shanxi run`` writes, and the one rule that links
a table row, a heat map's row or any other mention of a plan row to it (:func:`indicator_link`):
:class:`.notebook.Page`'s tables, :mod:`.context_tables` and :mod:`.indicator_pages` all use it.

Files, under the site's ``html/`` folder: ``indicators/<plan>.<no>.<lang>.html`` and the list
``indicators/<plan>.<lang>.html``."""

from __future__ import annotations

import html
import os
import re
from urllib.parse import quote

from ..core.numbers import missing

FOLDER = "indicators"  # in the site's html/ folder
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def _safe(text: str) -> str:
    """A plan id or row number as a part of a file name ("2a" stays; anything else is hex-coded)."""
    return _UNSAFE.sub(lambda m: f"~{ord(m.group(0)):x}", str(text))


def indicator_file(plan: str, no: str, lang: str) -> str:
    """The page's file name in ``html/indicators/``."""
    return f"{_safe(plan)}.{_safe(no)}.{lang}.html"


def list_file(plan: str, lang: str) -> str:
    return f"{_safe(plan)}.{lang}.html"


def indicator_href(plan: str, no: str, lang: str, prefix: str = f"{FOLDER}/") -> str:
    """The address of a row's page from a page in ``html/`` (``prefix`` for another folder)."""
    return prefix + quote(indicator_file(plan, no, lang))


SITE_LINKS = "SHANXI_SITE_LINKS"  # set by `shanxi run` for its kernels: the indicator pages exist


def site_links() -> bool:
    """Whether indicator names link to their pages: in the site ``shanxi run`` writes (the pages
    exist there), not in JupyterLab."""
    return os.environ.get(SITE_LINKS) == "1"


def indicator_link(plan: str | None, no, lang: str, shown: str) -> str:
    """The one rule that links an indicator to its page: ``shown`` (HTML whose data-derived text
    is already escaped) as a link to the page of ``plan``'s row ``no`` in ``lang``; ``shown``
    unchanged outside the site or for a row of no plan (``no`` missing: a series no plan row
    measures)."""
    if not site_links() or plan is None or missing(no) or str(no) == "":
        return shown
    return f'<a class="indicator-link" href="{html.escape(indicator_href(plan, str(no), lang))}">{shown}</a>'
