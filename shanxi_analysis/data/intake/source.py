"""Reading a source document for intake: plain text or HTML, as the text a reader sees.

The evidence snippets intake proposes are verbatim substrings of this text (HTML tags removed,
entities read, scripts and styles dropped, one line per block), so that a reviewer finds them
with the browser's search on the page.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from ...core.errors import ShanxiError

# Tags that start a new line of text (a paragraph, a table row, a heading ...).
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dt",
    "dd",
    "title",
}
_CELL = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head"}
MAX_BYTES = 20_000_000  # a communiqué or an outline is well under 2 MB


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:p|div|body|table|br)\b", head))


def html_to_text(text: str) -> str:
    """The text of an HTML page: blocks on their own lines, cells apart, entities read."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    out = html.unescape("".join(parser.parts)) if "&" in "".join(parser.parts) else "".join(parser.parts)
    out = out.replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in out.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark), else GB18030 (older Chinese pages)."""
    if b"\x00" in data[:4096]:
        raise ShanxiError(
            f"{name}: binary data (a NUL byte), not a text or HTML document", code="document_binary", path=name
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ShanxiError(
        f"{name}: neither UTF-8 nor GB18030 text; save the document as UTF-8", code="document_encoding", path=name
    )


def _unreadable(path: Path, exc: OSError) -> ShanxiError:
    reason = str(exc.strerror or exc)
    return ShanxiError(
        f"{path}: cannot read it ({reason})", code="document_unreadable", path=str(path), reason=reason, errno=exc.errno
    )


def read_document(path: str | Path) -> str:
    """The text of the document at ``path`` (plain text as it is; HTML as its visible text)."""
    path = Path(path)
    if path.is_dir():
        raise ShanxiError(
            f"{path}: is a folder; give the communiqué or outline as a text or HTML file",
            code="document_folder",
            path=str(path),
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if size > MAX_BYTES:
        raise ShanxiError(
            f"{path}: {size:,} bytes, more than the {MAX_BYTES:,} a document may have",
            code="document_size",
            path=str(path),
            size=f"{size:,}",
            limit=f"{MAX_BYTES:,}",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    text = decode(data, str(path))
    if not text.strip():
        raise ShanxiError(f"{path}: the document is empty", code="document_empty", path=str(path))
    return html_to_text(text) if looks_like_html(text) else text.replace("\r\n", "\n").replace("\r", "\n")
