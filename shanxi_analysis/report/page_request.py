"""The dashboard page's address, as its kernel and the server read it:
``?lang=zh|en&as_of=2023&plan=china-14``.

Voila hands a page's request to its kernel as environment variables (``QUERY_STRING`` ...).  A kernel
started ahead of the request (pre-heated, see :mod:`.dashboard_server`) gets them later, over a
websocket the server opens for it at ``/voila/query/<kernel id>``; :func:`page_query` waits for them
there.  That is what ``voila.utils.get_query_string`` does, without importing Voila's server into
every kernel (about 45 MB and 2 s each).  This module stays light: the server imports it too."""

from __future__ import annotations

import json
import os
import re
from urllib.parse import parse_qs

LANGS = ("zh", "en")
# a plan id (china-14) or shorthand (14): its form only; the dashboard checks it names a plan
_PLAN = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")


def query_params(query: str | None) -> dict:
    """``lang``, ``as_of`` and ``plan`` from a page's query string.  A parameter given twice counts once: the
    first (``?lang=zh&lang=en`` is a Chinese page, as the browser's ``URLSearchParams.get`` reads it,
    so the tab title and the page agree).  Unknown or malformed values are dropped (and named in
    ``ignored``), so a mistyped link still opens the default page."""
    parsed = parse_qs(query or "", keep_blank_values=True)
    out: dict = {"lang": "en", "as_of": None, "plan": None, "ignored": []}
    lang = (parsed.get("lang") or [""])[0].strip().lower()
    if lang in LANGS:
        out["lang"] = lang
    elif lang:
        out["ignored"].append("lang")
    as_of = (parsed.get("as_of") or [""])[0].strip()
    if as_of.isascii() and as_of.isdigit() and len(as_of) == 4:
        out["as_of"] = int(as_of)
    elif as_of and as_of != "latest":
        out["ignored"].append("as_of")
    plan = (parsed.get("plan") or [""])[0].strip().lower()
    if plan.isascii() and _PLAN.fullmatch(plan):
        out["plan"] = plan
    elif plan:
        out["ignored"].append("plan")
    return out


def page_lang(query: str | None) -> str:
    return query_params(query)["lang"]


def _request_url() -> str:
    """Where the server tells a pre-heated kernel about its request (Voila's variables)."""
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ['VOILA_KERNEL_ID']}"


def page_query() -> str:
    """The query string of the page this kernel serves (empty outside Voila, e.g. in JupyterLab).
    In a pre-heated kernel this waits until a reader's request arrives."""
    if os.environ.get("VOILA_PREHEAT") == "True" and "VOILA_KERNEL_ID" in os.environ:
        from websockets.sync.client import connect

        with connect(_request_url(), open_timeout=30, max_size=2**20) as socket:
            request = json.loads(socket.recv())
        os.environ.update({str(k): str(v) for k, v in request.items()})
        os.environ["VOILA_PREHEAT"] = "False"  # the request has come: asking again returns at once
    return os.environ.get("QUERY_STRING", "")
