"""HTML: the visible text of a page, with an exact map from every character back to the page source.

The page source is the document's original text and the visible text its view
(``_HtmlView``), so that every offset a later stage reports points into the
file as written. The lines outside the article's main content are marked from
trafilatura's reading of the page (``drift.clean.html_furniture``).
"""

from __future__ import annotations

import html
import re
from array import array
from html.parser import HTMLParser

from drift.clean import html_furniture
from drift.ingest.base import failed
from drift.records import Document, DocumentMeta, SourceFormat, TextView

# Elements whose content is never shown as text. ``head`` holds only these anyway, and
# ``title`` is taken into ``meta.title`` instead.
_HIDDEN = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "head", "title", "iframe", "noembed", "noframes",
        "canvas",
    }
)  # fmt: skip
_HEAD_CONTENT = frozenset(
    {"title", "meta", "link", "style", "script", "noscript", "base", "template", "basefont", "bgsound"}
)
# Elements that start a new line of the view, at their start tag and at their end tag.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "optgroup", "option", "p", "pre", "search", "section", "summary", "table", "tbody",
        "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})  # cells of a row share its line, a space apart
_HTML_SPACE = " \t\n\r\f"
_WORDS_AND_SPACES = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")


class _HtmlView(HTMLParser):
    """The visible text of a page, each character mapped to the source span it came from.

    Positions come from ``getpos()`` at each event, so the map stays exact whatever
    the parser skips. Data characters map to themselves, a decoded entity's
    characters to the whole entity, and a collapsed whitespace run to its first
    character; a line break made for a block element maps to an empty span at the tag.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0]
        found = source.find("\n")
        while found >= 0:
            self._line_starts.append(found + 1)
            found = source.find("\n", found + 1)
        self._pieces: list[str] = []
        self._last = ""  # last character of the view so far
        self.starts = array("l")
        self.ends = array("l")
        self._hidden: list[str] = []  # open elements whose content is not shown
        self._title: list[str] | None = None  # collecting the first <title>
        self._pre = 0
        self.title: str | None = None
        self.lang: str | None = None
        self.url: str | None = None
        self.date: str | None = None

    def view(self) -> TextView:
        self.close()
        while self._last in (" ", "\n"):
            self._pop()
        return TextView("".join(self._pieces), self.starts, self.ends)

    # building the view

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _append(self, text: str, start: int, end: int) -> None:
        self._pieces.append(text)
        self.starts.append(start)
        self.ends.append(end)
        self._last = text

    def _pop(self) -> None:
        self._pieces.pop()
        self.starts.pop()
        self.ends.pop()
        self._last = self._pieces[-1][-1] if self._pieces else ""

    def _space(self, start: int, end: int) -> None:
        if self._last not in ("", " ", "\n"):
            self._append(" ", start, end)

    def _break(self, at: int) -> None:
        if self._last == " ":
            self._pop()
        if self._last not in ("", "\n"):
            self._append("\n", at, at)

    def _text(self, text: str, start: int) -> None:
        """Raw source text at ``start``: each character is its own span."""
        for match in _WORDS_AND_SPACES.finditer(text):
            run, offset = match.group(), start + match.start()
            if run[0] not in _HTML_SPACE:
                self._pieces.append(run)
                self.starts.extend(range(offset, offset + len(run)))
                self.ends.extend(range(offset + 1, offset + len(run) + 1))
                self._last = run[-1]
            elif self._pre and "\n" in run:
                self._break(offset + run.index("\n"))
            else:
                self._space(offset, offset + 1)

    def _decoded(self, text: str, start: int, end: int) -> None:
        """Text decoded from the entity at ``[start, end)``: every character maps to all of it."""
        for char in text:
            if char in _HTML_SPACE:
                self._space(start, end)
            else:
                self._append(char, start, end)

    # parser events

    def _entity(self, raw_prefix: str) -> None:
        start = self._offset()
        end = start + len(raw_prefix)
        if self._source.startswith(";", end):
            end += 1
        raw = self._source[start:end]
        decoded = html.unescape(raw)
        if self._hidden:
            if self._title is not None and self._hidden[-1] == "title":
                self._title.append(decoded)
        elif decoded == raw:  # not an entity after all (``&foo;``): literal text
            self._text(raw, start)
        else:
            self._decoded(decoded, start, end)

    def handle_entityref(self, name: str) -> None:
        self._entity("&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity("&#" + name)

    def handle_data(self, data: str) -> None:
        if self._hidden == ["head"] and data.strip(_HTML_SPACE):
            self._hidden.clear()  # text cannot be in <head>: a browser ends it here
        if self._hidden:
            if self._title is not None and self._hidden[-1] == "title":
                self._title.append(data)
            return
        self._text(data, self._offset())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        self._metadata(tag, dict(attrs))
        if self._hidden == ["head"] and tag not in _HEAD_CONTENT:
            self._hidden.clear()  # <body>, or any element of the body, ends an unclosed <head>
        if tag in _HIDDEN:
            if not closed:
                if tag == "title" and self._first_title():
                    self._title = []
                self._hidden.append(tag)
            return
        if self._hidden:
            return
        if tag in _BLOCKS:
            self._break(self._offset())
        elif tag in _CELLS:
            at = self._offset()
            self._space(at, at)
        if tag == "pre" and not closed:
            self._pre += 1

    def _first_title(self) -> bool:
        """The page's own title: the first one, and not an SVG's ``<title>``."""
        return self.title is None and self._title is None and set(self._hidden) <= {"head"}

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
            if tag == "title" and self._title is not None:
                self.title = " ".join("".join(self._title).split()) or None
                self._title = None
            return
        if self._hidden:
            return
        if tag in _BLOCKS:
            self._break(self._offset())
        elif tag in _CELLS:
            at = self._offset()
            self._space(at, at)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def _metadata(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and self.lang is None:
            self.lang = (attrs.get("lang") or "").strip() or None
        elif tag == "link" and self.url is None and (attrs.get("rel") or "").lower().split() == ["canonical"]:
            self.url = (attrs.get("href") or "").strip() or None
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            content = (attrs.get("content") or "").strip() or None
            if key == "og:url" and self.url is None:
                self.url = content
            elif key == "article:published_time" and self.date is None:
                self.date = content


def html_document(source: str, *, path: str, encoding: str) -> Document:
    parser = _HtmlView(source)
    try:
        parser.feed(source)
        view = parser.view()
    except Exception as exc:  # the stdlib parser is lenient, but a malformed page must not stop the run
        return failed(path, SourceFormat.HTML, f"cannot parse HTML ({exc})", encoding=encoding)
    meta = DocumentMeta(title=parser.title, url=parser.url, lang=parser.lang, date=parser.date)
    if not view.text:
        message = "no visible text in this HTML page"
        return failed(path, SourceFormat.HTML, message, encoding=encoding, meta=meta)
    return Document(
        id=path,
        path=path,
        format=SourceFormat.HTML,
        text=source,
        view=view,
        encoding=encoding,
        meta=meta,
        furniture=html_furniture(source, view.text, parser.title),
    )
