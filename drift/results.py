"""Stage results kept between runs, so that a re-run over an unchanged corpus is cheap.

The embedding cache spares the model. What follows it (grouping, alignment, the
rules) is Python that, once the vectors come from the cache, is most of a
re-run. Each of these results is stored under a digest of everything it was
computed from, together with a fingerprint of drift's own source and of the
libraries whose data it reads: a changed rule, threshold or word list misses
the cache instead of serving a stale result.

Values are JSON, never pickle: a cache folder restored from CI storage must
not be able to run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields, is_dataclass
from enum import Enum
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from drift.errors import CacheError
from drift.records import AlignedPair, Alignment, Article, Category, Finding, Relation, Severity, Site, Story

T = TypeVar("T")

# Libraries whose data or behaviour shapes the results: their versions are part of every key.
_LIBRARIES = ("numpy", "py3langid", "rapidfuzz", "usearch", "wordfreq")


@cache
def code_fingerprint() -> str:
    """A digest of drift's source and data files and of the versions of the libraries it reads data from."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    # data/minilm/ and data/pair_model/ (the models) are left out: their signatures, in the keys, name them by hash;
    # data/words/ (the rules' word lists) is in
    files = [*package.rglob("*.py"), *package.glob("data/*"), *package.glob("data/words/*")]
    for path in sorted(path for path in files if path.is_file()):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """JSON form of the values that go into keys: dataclasses (parameters), enums, sets."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in fields(value)}
    if isinstance(value, frozenset | set):
        return sorted(value, key=repr)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot key on {type(value).__name__}")


def digest(*parts: Any) -> str:
    """A stable key for ``parts`` (JSON-serializable values, dataclasses, enums), with the code fingerprint."""
    text = json.dumps([code_fingerprint(), *parts], default=_plain, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def article_digest(article: Article) -> str:
    """Everything about an article that a later stage can read: text, metadata, lines, sentences, language."""
    document = article.document
    return digest(
        document.id,
        document.path,
        document.format,
        document.line,
        document.text,
        document.view.text,
        document.meta,
        document.furniture,
        [(block.start, block.end, block.kind, block.reason) for block in article.blocks],
        [(s.start, s.end, s.view_start, s.text, s.norm, s.block, s.language) for s in article.sentences],
        article.language,
    )


# How long a run waits for another run's write lock before it goes on without the cache.
LOCK_TIMEOUT_S = 10.0


def open_store(path: Path, schema: str) -> sqlite3.Connection:
    """An sqlite cache file with ``schema`` (a CREATE TABLE IF NOT EXISTS), or a one-line ``CacheError``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), timeout=LOCK_TIMEOUT_S)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(schema)
        connection.commit()
    except (OSError, sqlite3.Error) as error:
        raise CacheError(_unusable(path, error)) from None
    return connection


def _unusable(path: Path | None, error: Exception) -> str:
    return f"{path}: cache unusable ({error}); going on without it (delete the file to rebuild it, or --no-cache)"


class Store:
    """An sqlite cache file that never fails a run: on any sqlite error the run goes on without it.

    A cache is an optimisation; a corrupted page, a foreign file, a wrong schema,
    a read-only folder or a lock held past ``LOCK_TIMEOUT_S`` must cost time,
    never the run. What went wrong is kept in ``problem`` for the caller to say.
    """

    def __init__(self, path: Path | None, schema: str):
        self.path = path
        self.problem: str | None = None
        self._connection: sqlite3.Connection | None = None
        if path is not None:
            try:
                self._connection = open_store(path, schema)
            except CacheError as error:
                self.problem = str(error)

    def _use(self, action: Callable[[sqlite3.Connection], T], otherwise: T) -> T:
        """``action`` on the connection; ``otherwise`` without one or when sqlite fails (the cache is then dropped)."""
        if self._connection is None:
            return otherwise
        try:
            return action(self._connection)
        except sqlite3.Error as error:
            self.problem = _unusable(self.path, error)
            self.close()
            return otherwise

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None


class ResultCache(Store):
    """JSON values in sqlite, keyed by (kind, digest). Safe to share between runs, like the embedding cache.

    ``ResultCache(None)`` keeps nothing: every result is computed (``--no-cache``, library use).
    """

    def __init__(self, path: Path | None):
        self.hits = 0
        self.misses = 0
        super().__init__(
            path,
            "CREATE TABLE IF NOT EXISTS results (kind TEXT NOT NULL, key TEXT NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
        )

    def memo(
        self,
        kind: str,
        inputs: Callable[[], Sequence[Any]],
        compute: Callable[[], T],
        dump: Callable[[T], Any] = lambda value: value,
        load: Callable[[Any], T] = lambda value: value,
        *,
        keep: Callable[[T], bool] = lambda value: True,
    ) -> T:
        """The stored result of ``compute()`` for these ``inputs``, or ``compute()`` stored.

        ``inputs`` returns everything the result depends on (called only when
        there is a cache); ``dump`` makes the result JSON and ``load`` reads it back;
        a result ``keep`` refuses is returned but not stored.
        """
        if self._connection is None:
            return compute()
        key = digest(kind, *inputs())
        row = self._use(
            lambda db: db.execute("SELECT value FROM results WHERE kind = ? AND key = ?", (kind, key)).fetchone(),
            None,
        )
        if row is not None:
            try:
                value = load(json.loads(row[0]))
            except (ValueError, TypeError, KeyError, IndexError):
                pass  # a value that is not what this code wrote: computed again, and replaced
            else:
                self.hits += 1
                return value
        self.misses += 1
        value = compute()
        if keep(value):
            self._use(lambda db: self._put(db, kind, key, json.dumps(dump(value), separators=(",", ":"))), None)
        return value

    @staticmethod
    def _put(connection: sqlite3.Connection, kind: str, key: str, value: str) -> None:
        with connection:
            connection.execute("INSERT OR REPLACE INTO results (kind, key, value) VALUES (?, ?, ?)", (kind, key, value))


RESULTS_FILE = "results.sqlite3"
"""The stage results' file in a cache folder (``--cache-dir``), beside the sentence vectors."""


def open_results(cache_dir: Path | None) -> ResultCache:
    """The result cache of a cache folder; None keeps nothing (``--no-cache``)."""
    return ResultCache(None if cache_dir is None else cache_dir / RESULTS_FILE)


# -- JSON forms of the stage results -------------------------------------------------------------------


def dump_stories(stories: Sequence[Story]) -> list[Any]:
    return [[story.id, story.documents, story.reference, story.edges] for story in stories]


def load_stories(value: list[Any]) -> tuple[Story, ...]:
    return tuple(
        Story(story_id, tuple(documents), reference, tuple((parent, child) for parent, child in edges))
        for story_id, documents, reference, edges in value
    )


def dump_alignment(alignment: Alignment) -> dict[str, Any]:
    return {
        "relation": alignment.relation.value,
        "coverage": alignment.coverage,
        "pairs": [[pair.ref, pair.var, pair.similarity, pair.moved, pair.weak] for pair in alignment.pairs],
    }


def load_alignment(ref: str, var: str) -> Callable[[dict[str, Any]], Alignment]:
    """A reader that rebuilds an alignment between ``ref`` and ``var`` (the key holds their texts, not ids)."""

    def load(value: dict[str, Any]) -> Alignment:
        pairs = tuple(
            AlignedPair(tuple(r), tuple(v), similarity, moved, weak) for r, v, similarity, moved, weak in value["pairs"]
        )
        return Alignment(ref, var, Relation(value["relation"]), value["coverage"], pairs)

    return load


def dump_findings(findings: list[Finding]) -> list[dict[str, Any]]:
    return [
        asdict(finding) | {"category": finding.category.value, "severity": finding.severity.value}
        for finding in findings
    ]


def load_findings(value: list[dict[str, Any]]) -> list[Finding]:
    return [
        Finding(
            **(
                item
                | {
                    "category": Category(item["category"]),
                    "severity": Severity(item["severity"]),
                    "agreeing": tuple(item["agreeing"]),
                    "site": _site(item.get("site")),
                }
            )
        )
        for item in value
    ]


def _site(value: dict[str, Any] | None) -> Site | None:
    if value is None:
        return None
    return Site(value["ref"], value["var"], tuple(value["ref_sentences"]), tuple(value["var_sentences"]))
