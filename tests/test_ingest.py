"""Tests for drift.ingest: every input shape, every way an input can be bad, and the HTML offset map."""

from __future__ import annotations

import html
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift import ingest
from drift.errors import UsageError
from drift.ingest import DEFAULT_MAX_BYTES, Corpus, read_corpus
from drift.records import Document, SourceFormat

CAFE = "café – “quoted”"


def read(*paths: Path | str, **kwargs: object) -> Corpus:
    return read_corpus([str(p) for p in paths], **kwargs)  # type: ignore[arg-type]


def only(corpus: Corpus) -> Document:
    assert len(corpus.documents) == 1, [d.id for d in corpus.documents]
    return corpus.documents[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def span(doc: Document, needle: str, occurrence: int = 0) -> str:
    """The original text behind the ``occurrence``-th ``needle`` in the document's view."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.view.text.index(needle, start + 1)
    s, e = doc.view.to_original(start, start + len(needle))
    return doc.text[s:e]


# -- plain text --------------------------------------------------------------------------------------


def test_txt_is_read_byte_for_byte_with_identity_view(tmp_path: Path) -> None:
    text = "Headline\r\n\nIt said\u00a0“no” – and ‘yes’.\n  indented\ttab\n"
    path = write(tmp_path / "a.txt", text)
    doc = only(read(path))
    assert doc.ok and doc.error is None
    assert doc.text == text
    assert doc.text.encode("utf-8") == path.read_bytes()
    assert doc.view.text == text and doc.view.starts is None
    assert doc.view.to_original(9, 14) == (9, 14)
    assert (doc.id, doc.path, doc.format) == (str(path), str(path), SourceFormat.TXT)
    assert (doc.line, doc.encoding) == (1, "utf-8")
    assert doc.furniture == ()


@pytest.mark.parametrize("name", ["a.text", "a.md", "A.TXT", "notes.rst", "README"])
def test_text_extensions_and_explicit_unknown_files_read_as_text(tmp_path: Path, name: str) -> None:
    doc = only(read(write(tmp_path / name, "Some words.\n")))
    assert doc.ok and doc.format is SourceFormat.TXT and doc.text == "Some words.\n"


def test_arguments_keep_their_order(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "b")
    a = write(tmp_path / "a.txt", "a")
    assert [d.text for d in read(b, a).documents] == ["b", "a"]


# -- directories -------------------------------------------------------------------------------------


def test_directory_walk_is_recursive_sorted_and_lists_ignored_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "b")
    write(root / "a.jsonl", '{"id": "1", "text": "one"}\n{"id": "2", "text": "two"}\n')
    write(root / "a2" / "x.md", "x")
    write(root / "sub" / "z.txt", "z")
    write(root / "sub" / "c.html", "<p>c</p>")
    write(root / "sub" / "deeper" / "y.ndjson", '{"id": "y", "text": "why"}\n')
    write(root / "img.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / "notes.rst", "not read")
    write(root / ".git" / "HEAD.txt", "hidden")
    write(root / ".hidden.txt", "hidden")
    corpus = read(root)
    assert [d.id for d in corpus.documents] == [
        f"{root}/a.jsonl#1",
        f"{root}/a.jsonl#2",
        f"{root}/a2/x.md",
        f"{root}/b.txt",
        f"{root}/sub/c.html",
        f"{root}/sub/deeper/y.ndjson#1",
        f"{root}/sub/z.txt",
    ]
    assert all(d.ok for d in corpus.documents)
    assert [d.format for d in corpus.documents] == [
        SourceFormat.JSONL,
        SourceFormat.JSONL,
        SourceFormat.TXT,
        SourceFormat.TXT,
        SourceFormat.HTML,
        SourceFormat.JSONL,
        SourceFormat.TXT,
    ]
    assert corpus.ignored == (f"{root}/img.png", f"{root}/notes.rst")
    assert read(root).documents[3].path == f"{root}/b.txt"


def test_empty_directory_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "other" / "x.csv", "a,b")
    assert read(tmp_path / "empty") == Corpus(documents=(), ignored=())
    corpus = read(tmp_path / "other")
    assert corpus.documents == () and corpus.ignored == (f"{tmp_path}/other/x.csv",)


def test_symlinks_are_followed_and_a_cycle_terminates(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "a")
    write(root / "sub" / "b.txt", "b")
    outside = write(tmp_path / "outside" / "o.txt", "outside")
    os.symlink(root, root / "sub" / "loop")  # back to the top
    os.symlink(root / "sub", root / "sub2")  # a second way into sub
    os.symlink(outside, root / "link.txt")
    corpus = read(root)
    assert [(d.id, d.text) for d in corpus.documents] == [
        (f"{root}/a.txt", "a"),
        (f"{root}/link.txt", "outside"),
        (f"{root}/sub/b.txt", "b"),
    ]


def test_broken_symlink_in_a_walk_is_an_error_document(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    os.symlink(tmp_path / "gone.txt", root / "dangling.txt")
    doc = only(read(root))
    assert not doc.ok and "no such file or directory" in (doc.error or "")


# -- bad files ---------------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "fine")
    corpus = read(tmp_path / "nope.txt", good, tmp_path / "nope.jsonl")
    missing, ok, missing_jsonl = corpus.documents
    assert missing.id == str(tmp_path / "nope.txt") and missing.error == "no such file or directory"
    assert missing.format is SourceFormat.TXT and not missing.ok
    assert ok.ok and ok.text == "fine"
    assert missing_jsonl.format is SourceFormat.JSONL and missing_jsonl.error == "no such file or directory"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    doc = only(read(write(tmp_path / "e.txt", data)))
    assert not doc.ok and (doc.error or "").startswith("empty file")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"text with a \x00 NUL inside",
        bytes(range(1, 9)) * 50,
        b"abc" + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 10,
    ],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    for name in ("b.txt", "b.jsonl", "b.html"):
        doc = only(read(write(tmp_path / name, data)))
        assert doc.error == "binary file, not text", name


def test_cp1252_file_is_decoded_and_its_encoding_recorded(tmp_path: Path) -> None:
    doc = only(read(write(tmp_path / "w.txt", CAFE.encode("cp1252"))))
    assert doc.ok and doc.text == CAFE and doc.encoding == "cp1252"
    french = "Le café est très chaud. « Bonjour », dit-il – c’est l’été à Zürich.\n"
    doc = only(read(write(tmp_path / "f.txt", french.encode("cp1252"))))
    assert doc.text == french and doc.encoding == "cp1252"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Привет, как дела? Это короткий тест новостей.", "cp1251"),
        ("日本語のテキストです。東京で会議が行われた。", "shift_jis"),
        ("中文新闻报道，北京时间今天上午。", "gb18030"),
    ],
)
def test_other_legacy_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    doc = only(read(write(tmp_path / "x.txt", text.encode(encoding))))
    assert doc.ok and doc.text == text and doc.encoding == encoding


def test_undecodable_file(tmp_path: Path) -> None:
    doc = only(read(write(tmp_path / "x.txt", bytes(range(0x80, 0x100)) * 4)))
    assert not doc.ok and "not UTF-8" in (doc.error or "") and "convert" in (doc.error or "")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (("\ufeff" + CAFE).encode("utf-16-le"), "utf-16-le"),
        (("\ufeff" + CAFE).encode("utf-16-be"), "utf-16-be"),
        (("\ufeff" + CAFE).encode("utf-32-le"), "utf-32-le"),
        (("\ufeff" + CAFE).encode("utf-8"), "utf-8-sig"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32-le", "utf-8-sig"],
)
def test_byte_order_marks(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = only(read(write(tmp_path / "bom.txt", data)))
    assert doc.ok and doc.text == CAFE and doc.encoding == encoding


def test_utf16_with_bom_but_broken_data(tmp_path: Path) -> None:
    doc = only(read(write(tmp_path / "bom.txt", b"\xff\xfeab\x00\xd8")))
    assert not doc.ok and "byte-order mark" in (doc.error or "")


def test_oversize_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.txt", "x" * 2_500_001)
    with monkeypatch.context() as patch:
        patch.setattr(ingest, "open", lambda *a, **k: pytest.fail("opened an oversize file"), raising=False)
        doc = only(read(path, max_bytes=2_000_000))
    assert not doc.ok
    assert "2.5 MB" in (doc.error or "") and "--max-bytes" in (doc.error or "")
    assert only(read(path, max_bytes=2_500_001)).ok
    assert DEFAULT_MAX_BYTES == 5_000_000  # issue 14: fits news; a 50 MB dump is refused, not minutes of work


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        read(write(tmp_path / "a.txt", "a"), max_bytes=0)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "hidden")
    path.chmod(0)
    locked = tmp_path / "locked"
    write(locked / "a.txt", "a")
    locked.chmod(0)
    try:
        doc = only(read(path))
        assert not doc.ok and "permission denied" in (doc.error or "")
        doc = only(read(locked))
        assert doc.id == str(locked) and "permission denied" in (doc.error or "")
    finally:
        path.chmod(0o644)
        locked.chmod(0o755)


def test_permission_denied_while_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", "hidden")
    other = write(tmp_path / "other.txt", "visible")

    def deny(file: str, *args: object, **kwargs: object) -> io.BufferedReader:
        if file == str(path):
            raise PermissionError(13, "Permission denied", file)
        return open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(ingest, "open", deny, raising=False)
    denied, ok = read(path, other).documents
    assert not denied.ok and "permission denied" in (denied.error or "")
    assert ok.ok and ok.text == "visible"


def test_unlistable_directory_is_an_error_and_the_walk_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "a")
    write(root / "locked" / "b.txt", "b")
    write(root / "z.txt", "z")
    scandir = os.scandir

    def deny(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    docs = read(root).documents
    assert [(d.id, d.ok) for d in docs] == [
        (f"{root}/a.txt", True),
        (f"{root}/locked", False),
        (f"{root}/z.txt", True),
    ]
    assert "permission denied" in (docs[1].error or "")


# -- JSONL -------------------------------------------------------------------------------------------


def test_jsonl_records_good_and_bad(tmp_path: Path) -> None:
    meta = {"url": "https://e.com/1", "lang": "fr", "title": "T", "date": "24"}
    lines = [
        json.dumps({"id": "r1", "text": CAFE, **meta}),
        "",
        json.dumps({"id": "r3", "text": "second\nstory", "date": 20240101, "title": None}),
        '{"id": "a" "text": "x"}',
        "[1, 2]",
        json.dumps({"id": "r6"}),
        json.dumps({"id": 7, "text": "numeric id"}),
        json.dumps({"id": "r8", "text": "   "}),
        '"just a string"',
        "   ",
        json.dumps({"id": "r11", "text": "last"}) + "\r",
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs = read(path).documents
    assert [d.id for d in docs] == [f"{path}#{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 11)]
    assert [d.line for d in docs] == [1, 3, 4, 5, 6, 7, 8, 9, 11]
    assert all(d.path == str(path) and d.format is SourceFormat.JSONL and d.encoding == "utf-8" for d in docs)
    first, third, *bad, last = docs
    assert first.ok and first.text == CAFE and first.view.text == CAFE
    assert first.meta.record_id == "r1" and first.meta.url == "https://e.com/1"
    assert (first.meta.lang, first.meta.title, first.meta.date) == ("fr", "T", "24")
    assert third.ok and third.text == "second\nstory" and third.meta.record_id == "r3"
    assert third.meta.date is None and third.meta.title is None
    assert last.ok and last.text == "last" and last.meta.record_id == "r11"
    assert [d.error for d in bad] == [
        "line 4: invalid JSON (Expecting ',' delimiter at column 12)",
        "line 5: expected a JSON object, got an array",
        'line 6: missing "text" (each record needs string "id" and "text" fields)',
        'line 7: "id" must be a string, got a number',
        'line 8: empty "text"',
        "line 9: expected a JSON object, got a string",
    ]


def test_jsonl_with_no_article_still_yields_its_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", "not json\n\n{}\n")
    docs = read(path).documents
    assert [(d.id, d.ok) for d in docs] == [(f"{path}#1", False), (f"{path}#3", False)]
    assert docs[0].error is not None and docs[0].error.startswith("line 1: invalid JSON (")
    assert docs[1].error == 'line 3: missing "id" (each record needs string "id" and "text" fields)'


def test_jsonl_whole_file_problems_use_the_path_as_id(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.jsonl", "\n\n  \n")
    doc = only(read(path))
    assert doc.id == str(path) and doc.format is SourceFormat.JSONL and "empty file" in (doc.error or "")


def test_jsonl_in_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path / "w.jsonl", ('{"id": "x", "text": "' + CAFE + '"}\n').encode("cp1252"))
    doc = only(read(path))
    assert doc.ok and doc.text == CAFE and doc.encoding == "cp1252"


def test_jsonl_deep_nesting_and_huge_numbers_do_not_raise(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.jsonl", "[" * 100_000 + "\n" + "9" * 5000 + "\n")
    docs = read(path).documents
    assert [d.ok for d in docs] == [False, False]
    assert all((d.error or "").startswith(f"line {d.line}: ") for d in docs)


# -- stdin -------------------------------------------------------------------------------------------


def test_stdin_plain_text() -> None:
    doc = only(read_corpus(["-"], stdin=io.BytesIO(CAFE.encode("utf-8") + b"\n")))
    assert doc.ok and doc.text == CAFE + "\n" and doc.view.text == doc.text
    assert (doc.id, doc.path, doc.format, doc.encoding) == ("<stdin>", "-", SourceFormat.TXT, "utf-8")


def test_stdin_jsonl() -> None:
    data = b'{"id": "a", "text": "one"}\n\n{"id": "b", "text": ""}\n{"id": "c", "text": "three"}\n'
    docs = read_corpus(["-"], stdin=io.BytesIO(data)).documents
    assert [(d.id, d.line, d.ok, d.path, d.format) for d in docs] == [
        ("<stdin>#1", 1, True, "-", SourceFormat.JSONL),
        ("<stdin>#3", 3, False, "-", SourceFormat.JSONL),
        ("<stdin>#4", 4, True, "-", SourceFormat.JSONL),
    ]
    assert docs[0].text == "one" and docs[0].meta.record_id == "a"
    assert docs[1].error == 'line 3: empty "text"'


def test_stdin_with_one_non_json_line_is_plain_text() -> None:
    data = b'{"id": "a", "text": "one"}\nThen some prose.\n'
    doc = only(read_corpus(["-"], stdin=io.BytesIO(data)))
    assert doc.ok and doc.format is SourceFormat.TXT and doc.text == data.decode()


def test_stdin_problems() -> None:
    assert only(read_corpus(["-"], stdin=io.BytesIO(b""))).error == "empty file"
    assert only(read_corpus(["-"], stdin=io.BytesIO(b"\x00\x01"))).error == "binary file, not text"
    doc = only(read_corpus(["-"], stdin=io.BytesIO(b"x" * 11), max_bytes=10))
    assert doc.id == "<stdin>" and "--max-bytes" in (doc.error or "")


def test_stdin_given_as_a_text_stream() -> None:
    assert only(read_corpus(["-"], stdin=io.StringIO(CAFE))).text == CAFE  # type: ignore[arg-type]


def test_stdin_defaults_to_the_process_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"from the pipe"))
    monkeypatch.setattr(sys, "stdin", fake)
    assert only(read_corpus(["-"])).text == "from the pipe"


# -- HTML --------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Le caf&eacute; ferme &ndash; Example News</title>
  <style>p { color: red; } .secret { }</style>
  <script>var hidden = "<p>not text</p>";</script>
  <link rel="canonical" href="https://example.com/cafe">
  <meta property="article:published_time" content="2024-03-04T10:00:00Z">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li>Sport</li></ul></nav>
<article>
<h1>Le caf&eacute; ferme</h1>
<p>The old caf&eacute; on the corner
   closed on Monday after forty years, the owner said in a statement to reporters.</p>
<p>Customers gathered outside &amp; left flowers; &#8220;It was our second home,&#8221;
said one regular, who had come every morning since 1998.</p>
<p>The building will be turned into flats, according to plans filed with the city council last month.</p>
<p>Prices&nbsp;rose by 5&#x25; and the owner&#8217;s <b>son</b><i>s</i> moved to Lyon.</p>
</article>
<noscript><p>Please enable JavaScript</p></noscript>
<svg><title>icon</title><text>svg text</text></svg>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><p>Privacy policy | Terms of use</p></footer>
<script type="text/javascript">document.write("<p>x</p>");</script>
</body>
</html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Document:
    doc = only(read(write(tmp_path / "page.html", PAGE)))
    assert doc.ok, doc.error
    return doc


def test_html_document_fields(page: Document) -> None:
    assert page.format is SourceFormat.HTML and page.text == PAGE
    assert page.encoding == "utf-8" and page.line == 1
    assert page.meta.title == "Le café ferme – Example News"
    assert page.meta.lang == "fr"
    assert page.meta.url == "https://example.com/cafe"
    assert page.meta.date == "2024-03-04T10:00:00Z"


def test_html_view_is_visible_text_one_line_per_block(page: Document) -> None:
    assert page.view.text.split("\n") == [
        "Home",
        "World news",
        "Sport",
        "Le café ferme",
        "The old café on the corner closed on Monday after forty years, the owner said in a statement to reporters.",
        "Customers gathered outside & left flowers; “It was our second home,” said one regular, who had come "
        "every morning since 1998.",
        "The building will be turned into flats, according to plans filed with the city council last month.",
        "Prices\u00a0rose by 5% and the owner’s sons moved to Lyon.",
        "Copyright 2024 Example News. All rights reserved.",
        "Privacy policy | Terms of use",
    ]
    visible = page.view.text.replace("Example News. All", "")
    for hidden in ("color", "hidden", "not text", "JavaScript", "icon", "svg text", "write(", "Example"):
        assert hidden not in visible


def test_html_view_maps_back_to_the_source(page: Document) -> None:
    view = page.view
    assert view.starts is not None and view.ends is not None
    assert len(view.starts) == len(view.ends) == len(view.text)
    assert span(page, "café") == "caf&eacute;"
    assert span(page, "é", 1) == "&eacute;"
    assert span(page, "&") == "&amp;"
    assert span(page, "“It") == "&#8220;It"
    assert span(page, "owner’s") == "owner&#8217;s"
    assert span(page, "5%") == "5&#x25;"
    assert span(page, "Prices\u00a0rose") == "Prices&nbsp;rose"
    assert span(page, "sons") == "son</b><i>s"
    assert span(page, "corner closed") == "corner\n   closed"
    assert span(page, "Customers") == "Customers"
    assert span(page, "Home") == "Home"
    # a collapsed whitespace run maps to its first character
    gap = view.text.index("corner closed") + len("corner")
    assert view.to_original(gap, gap + 1) == (PAGE.index("corner\n") + 6, PAGE.index("corner\n") + 7)
    # a line break made for a block element is an empty span at a tag
    newline = view.text.index("\n")
    s, e = view.to_original(newline, newline + 1)
    assert s == e and PAGE[s] == "<"


def test_html_offsets_give_source_line_and_column(page: Document) -> None:
    start = page.view.text.index("Customers")
    s, _ = page.view.to_original(start, start + 9)
    line = PAGE[:s].count("\n") + 1
    assert page.line_column(s) == (line, 4)
    assert PAGE.splitlines()[line - 1].startswith("<p>Customers")


def test_html_furniture_lists_nav_and_footer_not_the_story(page: Document) -> None:
    lines = page.view.text.split("\n")
    furniture = {page.view.text[s:e] for s, e in page.furniture}
    assert furniture == {"Home", "World news", "Sport", "Copyright 2024 Example News. All rights reserved.",
                         "Privacy policy | Terms of use"}  # fmt: skip
    assert all(line in furniture for line in lines[:3])
    assert not furniture & set(lines[3:8])
    assert list(page.furniture) == sorted(page.furniture)


def test_html_without_main_content_has_no_furniture(tmp_path: Path) -> None:
    doc = only(read(write(tmp_path / "short.html", "<p>Just a line.</p>")))
    assert doc.ok and doc.view.text == "Just a line." and doc.furniture == ()


@pytest.mark.parametrize(
    ("source", "view"),
    [
        ("<p>a\n  b</p><div>c<b>d</b>e</div><ul><li>x</li><li>y</li></ul>", "a b\ncde\nx\ny"),
        ("<table><tr><td>1</td><td>2</td></tr><tr><th>a</th><th>b</th></tr></table>", "1 2\na b"),
        ("one<br>two<br/><br/>three", "one\ntwo\nthree"),
        ("<pre>line 1\nline  2</pre>after", "line 1\nline 2\nafter"),
        ("<head><title>T</title><p>Body text", "Body text"),
        ("<head><title>T</title>Loose text", "Loose text"),
        ("<p>AT&amp;T &foo; &amp &lt;tag&gt; 3 &lt 4</p>", "AT&T &foo; & <tag> 3 < 4"),
        ("<p>&#65;&#x42;&#0067; &#x1F600;</p>", "ABC \U0001f600"),
        ("<!-- hidden --><p>seen<![CDATA[ no ]]></p><?php echo 1 ?>", "seen"),
        ("<template><p>t</p></template><iframe>f</iframe><canvas>c</canvas>x", "x"),
        ("<p>  lots   of \t space  </p>  <p> and &#32; more </p>", "lots of space\nand more"),
    ],
)
def test_html_view_cases(tmp_path: Path, source: str, view: str) -> None:
    doc = only(read(write(tmp_path / "case.html", source)))
    assert doc.ok, doc.error
    assert doc.view.text == view
    assert_view_map(doc)


def test_html_title_comes_from_the_page_not_an_svg(tmp_path: Path) -> None:
    source = "<html><body><svg><title>icon</title></svg><p>x</p></body><title>Late</title></html>"
    doc = only(read(write(tmp_path / "t.html", source)))
    assert doc.meta.title == "Late" and doc.view.text == "x"


def test_html_with_no_visible_text(tmp_path: Path) -> None:
    source = "<html><head><title>T</title></head><script>x()</script></html>"
    doc = only(read(write(tmp_path / "blank.html", source)))
    assert not doc.ok and "no visible text" in (doc.error or "") and doc.meta.title == "T"


def test_double_encoded_utf8_is_text_not_binary(tmp_path: Path) -> None:
    mojibake = "“Hi”".encode().decode("latin-1")  # C1 controls, as a broken pipeline writes them
    doc = only(read(write(tmp_path / "m.txt", mojibake)))
    assert doc.ok and doc.text == mojibake


def test_html_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    source = f'<html><head><meta charset="windows-1250"></head><body><p>{CAFE} žluťoučký</p></body></html>'
    doc = only(read(write(tmp_path / "w.html", source.encode("cp1250"))))
    assert doc.ok and doc.encoding == "cp1250" and doc.view.text == f"{CAFE} žluťoučký"
    assert doc.text == source


def test_ingest_does_not_import_heavy_backends() -> None:
    heavy = ["trafilatura", "charset_normalizer"]
    code = f"import sys, drift.ingest; print(*(m in sys.modules for m in {heavy!r}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# -- fuzz --------------------------------------------------------------------------------------------


def assert_view_map(doc: Document) -> None:
    """Every view character maps, in order, to a source span that explains it."""
    view = doc.view
    assert view.starts is not None and view.ends is not None
    assert len(view.starts) == len(view.ends) == len(view.text)
    previous = 0
    for i, char in enumerate(view.text):
        s, e = view.starts[i], view.ends[i]
        assert previous <= s <= e <= len(doc.text)
        previous = s
        source = doc.text[s:e]
        if s == e:
            assert char in " \n"
        elif e - s == 1 and source == char:
            continue
        elif char == " ":
            assert source[0] in " \t\n\r\f" or html.unescape(source).isspace()
        else:
            assert source.startswith("&") and char in html.unescape(source)
    for s, e in doc.furniture:
        assert 0 <= s <= e <= len(view.text)


HTML_TOKENS = st.sampled_from(
    [
        "<p>", "</p>", "<div class='x'>", "</div>", "<br>", "<br/>", "<li>", "<td>", "</td>", "<pre>",
        "</pre>", "<b>", "</b>", "<script>", "</script>", "<style>", "<head>", "</head>", "<title>",
        "</title>", "<svg>", "</svg>", "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?x?>", "</>",
        "<", ">", "&", "&#",
        "&amp;", "&amp", "&eacute;", "&#8217;", "&#x41", "&#99999999;", "&foo;", "&nbsp;", "caf", "é", " ",
        "\n", "\r\n", "\t", "\xa0", "word", "'", '"', "=", ";", "\x0b", "\u2028",
    ]
)  # fmt: skip
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".dat"]))
def test_fuzz_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"f{suffix}", data)
    for doc in read_corpus([str(path), "-"], stdin=io.BytesIO(data)).documents:
        assert doc.ok or doc.error
        if doc.ok and doc.format is SourceFormat.HTML:
            assert_view_map(doc)


@FUZZ
@given(text=st.text(max_size=300), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_fuzz_random_text_never_raises(tmp_path: Path, text: str, suffix: str) -> None:
    path = write(tmp_path / f"f{suffix}", text.encode("utf-8", "surrogatepass"))
    for doc in read(path).documents:
        if doc.ok and doc.format is SourceFormat.TXT:
            assert doc.text == text
        if doc.ok and doc.format is SourceFormat.HTML:
            assert_view_map(doc)


@FUZZ
@given(tokens=st.lists(HTML_TOKENS, max_size=80))
def test_fuzz_html_soup_keeps_an_exact_map(tmp_path: Path, tokens: list[str]) -> None:
    source = "".join(tokens)
    doc = only(read(write(tmp_path / "soup.html", source)))
    if doc.ok:
        assert doc.text == source
        assert_view_map(doc)
    else:
        assert doc.error
