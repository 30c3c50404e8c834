"""drift over a synthetic crawl (issue #13, item 4): speed, memory, grouping and planted changes found.

    python bench/crawl.py                       # sizes 1000 and 10000
    python bench/crawl.py --sizes 300 --keep /tmp/crawl   # a small one, and keep the files to read

A crawl of N articles: about ``--story-share`` of them (default 10 %) are versions of stories of 2 to 8
versions, the rest unrelated articles. Articles come from ``_news.py`` (sentence frames, names, places and
numbers; no network). A story's first version is the original; the others are exact copies, light rewrites
(``_corpus.change_words``), "spun" round trips (synonyms swapped, with planted changes: a number or a name
changed, a negation flipped, a sentence dropped) and scrapes (the original inside a site's furniture). A
share of the unrelated articles are scrapes too, so furniture shared across a site must not join them. The
crawl is written as one ``.txt`` per article, as JSONL shards (``{"id", "text", "title", "url", "date"}``)
and ``truth.json`` (each document's story and kind; each planted change with its span in the version).

Each size runs ``drift.pipeline.run`` in a fresh process (so peak memory is that size's) on the JSONL shards
(``--read txt``: the folder), with the models loaded and warmed first and an empty cache, through
``bench.timed_run``: wall time, peak RSS, texts embedded, the model's time and the overhead outside it
((e2e − model) / model, goal ≤ 25 %), pairwise grouping precision and recall against the truth (goal ≥ 0.98),
and the share of planted changes the report finds: a finding on the changed version whose span overlaps the
changed sentence (for a dropped sentence, the gap where it stood). The time ratio per 10× step is the
growth between consecutive sizes scaled to a tenfold one (goal ≤ 12×).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import multiprocessing
import random
import re
import resource
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _corpus import change_words
from _news import SURNAMES, Draft, draft_article

from bench import OVERHEAD_GOAL, OtherLoad, load_encoders, max_rss_mib, timed_run
from drift.language import detect_language, function_words
from drift.records import Report

GROUPING_GOAL = 0.98
STEP_GOAL = 12.0  # time ratio per tenfold corpus
VERSION_WEIGHTS = {"copy": 2, "rewrite": 2, "spun": 3, "scrape": 2}  # how often each kind of version is drawn
PLANTED_KINDS = ("number", "name", "negation", "drop")
REWRITE_WORD_RATE = 0.04
SPIN_RATE = 0.7
SHARD_RECORDS = 1000

# What a machine round trip does to wording: each occurrence swapped with probability SPIN_RATE.
SPIN_SYNONYMS = {
    "said": "stated",
    "told": "informed",
    "confirmed": "verified",
    "announced": "declared",
    "about": "approximately",
    "around": "roughly",
    "residents": "inhabitants",
    "company": "firm",
    "plans": "proposals",
    "expected": "anticipated",
    "warned": "cautioned",
    "rose": "climbed",
    "fell": "declined",
    "last": "previous",
    "meeting": "gathering",
    "start": "commence",
    "begin": "commence",
    "decision": "ruling",
    "figures": "statistics",
    "cost": "price",
    "staff": "personnel",
    "workers": "employees",
    "delays": "hold-ups",
    "criticised": "slammed",
    "help": "assist",
    "more than": "over",
    "nearly": "almost",
}
_SPIN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SPIN_SYNONYMS), key=len, reverse=True)) + r")\b", re.I)
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_AUXILIARY = re.compile(r"\b(would|will|could|has|have|had|is|was|were|are|did)( not)?\b")
_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


@dataclass(frozen=True)
class Site:
    """Furniture a scraper keeps around an article: navigation above, promotions between, legal text below."""

    domain: str
    header: tuple[str, ...]
    between: tuple[str, ...]
    footer: tuple[str, ...]


SITES = tuple(
    Site(
        f"{slug}.example",
        (name, f"Home | News | {section} | Sport | Weather | Opinion", f"Subscribe to {name} | Sign in"),
        ("Advertisement", f"Read more: the latest {section.lower()} news from {name}", f"Share this {slug} story"),
        (
            f"Sign up for our {edition} newsletter from {name} and never miss a story.",
            f"© 2026 {name}. All rights reserved.",
            f"{name} privacy policy | Cookie settings | Contact the {slug} desk",
        ),
    )
    for slug, name, section, edition in (
        ("ledger", "The Daily Ledger", "Business", "morning"),
        ("courier", "The Evening Courier", "Local", "evening"),
        ("herald", "The County Herald", "Politics", "weekly"),
        ("post", "Metro Post", "City", "daily"),
        ("observer", "The Valley Observer", "Farming", "weekend"),
        ("wire", "Newswire Today", "World", "breaking news"),
    )
)


@dataclass
class Planted:
    """A change planted in a spun version: where it is in that version's text, and what it was."""

    story: str
    document: str
    kind: str
    start: int  # the changed sentence in the version; a dropped sentence: the gap where it stood
    end: int
    original: str
    changed: str


@dataclass
class CrawlDocument:
    """One page of the crawl, with the truth about it."""

    name: str
    story: str | None
    kind: str
    text: str
    title: str
    site: str
    date: str
    planted: list[Planted] = field(default_factory=list)


# -- building the crawl ------------------------------------------------------------------------------


Keyed = list[list[tuple[int, str]]]  # paragraphs of (sentence number in the original, sentence)


def keyed(draft: Draft) -> Keyed:
    """The draft's sentences numbered, so a version's changed or dropped sentence can be found in it."""
    numbers = iter(range(sum(len(paragraph) for paragraph in draft.paragraphs)))
    return [[(next(numbers), sentence) for sentence in paragraph] for paragraph in draft.paragraphs]


def render(
    title: str, paragraphs: Keyed, site: Site | None, rng: random.Random
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text of one version and the span of each sentence in it (furniture around it for a scrape)."""
    pieces: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    position = 0

    def add(text: str) -> None:
        nonlocal position
        if pieces:
            pieces.append("\n\n")
            position += 2
        pieces.append(text)
        position += len(text)

    for line in site.header if site else ():
        add(line)
    add(title)
    for number, paragraph in enumerate(paragraphs):
        if site and number and rng.random() < 0.3:
            add(rng.choice(site.between))
        if not paragraph:
            continue
        start = position + (2 if pieces else 0)
        add(" ".join(sentence for _, sentence in paragraph))
        for key, sentence in paragraph:
            spans[key] = (start, start + len(sentence))
            start += len(sentence) + 1
    for line in site.footer if site else ():
        add(line)
    return "".join(pieces) + "\n", spans


def spin(sentence: str, rng: random.Random) -> str:
    """A machine round trip's wording: common words swapped for their SPIN_SYNONYMS."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= SPIN_RATE:
            return word
        other = SPIN_SYNONYMS[word.lower()]
        return other[0].upper() + other[1:] if word[0].isupper() else other

    return _SPIN.sub(swap, sentence)


def changed_number(sentence: str, rng: random.Random) -> str | None:
    """One number of the sentence given another value (3.5 -> 35, 120 -> 843); None without a number."""
    numbers = list(_NUMBER.finditer(sentence))
    if not numbers:
        return None
    match = rng.choice(numbers)
    written = match.group(0)
    if "." in written:  # 3.5 -> 35, the classic slip
        replacement = written.replace(".", "")
    else:
        value = int(written.replace(",", ""))
        replacement = str(value * rng.randint(2, 9) + rng.randint(1, 9))
        if "," in written:
            replacement = f"{int(replacement):,}"
    return sentence[: match.start()] + replacement + sentence[match.end() :]


def changed_name(sentence: str, names: Sequence[str], rng: random.Random) -> str | None:
    """A surname of the cast replaced by one from outside it; None when the sentence names nobody of the cast."""
    present = [name for name in names if re.search(rf"\b{name}\b", sentence)]
    if not present:
        return None
    name = rng.choice(present)
    other = rng.choice([surname for surname in SURNAMES if surname not in names])
    return re.sub(rf"\b{name}\b", other, sentence)


def flipped_negation(sentence: str) -> str | None:
    """The first auxiliary negated ("would" -> "would not") or un-negated; None without one."""
    match = _AUXILIARY.search(sentence)
    if match is None:
        return None
    replacement = match.group(1) if match.group(2) else f"{match.group(1)} not"
    return sentence[: match.start()] + replacement + sentence[match.end() :]


def plant(paragraphs: Keyed, draft: Draft, rng: random.Random) -> tuple[Keyed, list[tuple[str, int, str, str]]]:
    """One to three planted changes of different kinds on different sentences: (kind, key, before, after)."""
    changes: list[tuple[str, int, str, str]] = []
    sentences = {key: sentence for paragraph in paragraphs for key, sentence in paragraph}
    used: set[int] = set()
    for kind in rng.sample(PLANTED_KINDS, rng.randint(1, 3)):
        for key in rng.sample(sorted(sentences), len(sentences)):
            if key in used:
                continue
            before = sentences[key]
            if kind == "number":
                after = changed_number(before, rng)
            elif kind == "name":
                after = changed_name(before, draft.names, rng)
            elif kind == "negation":
                after = flipped_negation(before)
            else:
                after = ""
            if after is None or after == before:
                continue
            used.add(key)
            changes.append((kind, key, before, after))
            break
    dropped = {key for kind, key, _, _ in changes if kind == "drop"}
    replaced = {key: after for kind, key, _, after in changes if kind != "drop"}
    result = [
        [(key, replaced.get(key, sentence)) for key, sentence in paragraph if key not in dropped]
        for paragraph in paragraphs
    ]
    return result, changes


def planted_records(
    story: str,
    name: str,
    original: Keyed,
    changes: Sequence[tuple[str, int, str, str]],
    spans: dict[int, tuple[int, int]],
) -> list[Planted]:
    """Each change with its span in the version; a dropped sentence spans the gap between its neighbours."""
    order = [key for paragraph in original for key, _ in paragraph]
    records = []
    for kind, key, before, after in changes:
        if kind == "drop":
            place = order.index(key)
            previous = next((spans[k][1] for k in reversed(order[:place]) if k in spans), 0)
            following = next((spans[k][0] for k in order[place + 1 :] if k in spans), previous)
            start, end = previous, following
        else:
            start, end = spans[key]
        records.append(Planted(story, name, kind, start, end, before, after))
    return records


def story_versions(
    story: str, draft: Draft, count: int, kinds: Sequence[str], rng: random.Random
) -> list[CrawlDocument]:
    """The original and ``count - 1`` versions of it; names are given later, when the crawl is shuffled."""
    original = keyed(draft)
    vocabulary = sorted({word for paragraph in draft.paragraphs for s in paragraph for word in _WORD.findall(s)})
    day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
    documents = []
    drawn = rng.choices(kinds, [VERSION_WEIGHTS[kind] for kind in kinds], k=count - 1)
    for number, kind in enumerate(["original", *drawn]):
        site = rng.choice(SITES)
        paragraphs, changes = original, []
        if kind == "rewrite":
            paragraphs = [
                [(key, change_words(s, rng, REWRITE_WORD_RATE, vocabulary)) for key, s in paragraph]
                for paragraph in original
            ]
        elif kind == "spun":
            paragraphs, changes = plant(
                [[(key, spin(s, rng)) for key, s in paragraph] for paragraph in original], draft, rng
            )
        text, spans = render(draft.title, paragraphs, site if kind == "scrape" else None, rng)
        document = CrawlDocument(
            "", story, kind, text, draft.title, site.domain, (day + datetime.timedelta(days=number)).isoformat()
        )
        document.planted = planted_records(story, "", original, changes, spans)
        documents.append(document)
    return documents


def build_crawl(
    size: int, seed: int, story_share: float, scraped_share: float, kinds: Sequence[str] = tuple(VERSION_WEIGHTS)
) -> list[CrawlDocument]:
    """``size`` documents in crawl order (shuffled), each named by its position."""
    rng = random.Random(f"crawl:{seed}:{size}")
    documents: list[CrawlDocument] = []
    in_stories = round(size * story_share)
    stories = 0
    while len(documents) < in_stories:
        count = min(rng.randint(2, 8), max(2, in_stories - len(documents)))
        stories += 1
        documents += story_versions(f"story-{stories:05d}", draft_article(rng), count, kinds, rng)
    while len(documents) < size:
        draft = draft_article(rng)
        site = rng.choice(SITES)
        scraped = rng.random() < scraped_share
        text, _ = render(draft.title, keyed(draft), site if scraped else None, rng)
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        kind = "scraped singleton" if scraped else "singleton"
        documents.append(CrawlDocument("", None, kind, text, draft.title, site.domain, day.isoformat()))
    rng.shuffle(documents)
    for number, document in enumerate(documents):
        document.name = f"doc{number:06d}"
        for planted in document.planted:
            planted.document = document.name
    return documents


def write_crawl(documents: Sequence[CrawlDocument], folder: Path) -> None:
    """``txt/`` (one file per document), ``jsonl/`` (shards of SHARD_RECORDS records) and ``truth.json``."""
    (folder / "txt").mkdir(parents=True)
    (folder / "jsonl").mkdir()
    for document in documents:
        (folder / "txt" / f"{document.name}.txt").write_text(document.text, encoding="utf-8")
    for shard, first in enumerate(range(0, len(documents), SHARD_RECORDS)):
        with open(folder / "jsonl" / f"shard-{shard:04d}.jsonl", "w", encoding="utf-8") as out:
            for document in documents[first : first + SHARD_RECORDS]:
                record = {
                    "id": document.name,
                    "text": document.text,
                    "title": document.title,
                    "url": f"https://{document.site}/{document.date[:4]}/{document.name}",
                    "date": document.date,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    truth = {
        "documents": {d.name: {"story": d.story, "kind": d.kind, "site": d.site} for d in documents},
        "planted": [asdict(planted) for d in documents for planted in d.planted],
    }
    (folder / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")


# -- scoring the report against the truth ------------------------------------------------------------


def names_by_id(report: Report) -> dict[str, str]:
    """drift's document ids to crawl names: a JSONL record's own id, or a file's stem."""
    return {d.id: d.meta.record_id or Path(d.path).stem for d in report.documents}


def pairs(count: int) -> int:
    return count * (count - 1) // 2


def grouping_scores(report: Report, truth: dict) -> dict[str, float]:
    """Pairwise precision and recall: pairs of documents put in one story, against the pairs in one true story."""
    name_of = names_by_id(report)
    story_of = {name: entry["story"] or name for name, entry in truth["documents"].items()}
    found = [[story_of[name_of[doc]] for doc in story.documents] for story in report.stories]
    together = sum(pairs(len(stories)) for stories in found)
    right = sum(pairs(count) for stories in found for count in Counter(stories).values())
    expected = sum(pairs(count) for count in Counter(story_of.values()).values())
    scraped = [  # per story found, the true story of each scrape in it: furniture is what could join them
        [story_of[name_of[doc]] for doc in story.documents if "scrape" in truth["documents"][name_of[doc]]["kind"]]
        for story in report.stories
    ]
    return {
        "precision": right / together if together else 1.0,
        "recall": right / expected if expected else 1.0,
        "found_stories": sum(1 for stories in found if len(stories) > 1),
        "mixed_stories": sum(1 for stories in found if len(set(stories)) > 1),
        "wrong_pairs": together - right,
        "wrong_pairs_of_scrapes": sum(
            pairs(len(stories)) - sum(pairs(count) for count in Counter(stories).values()) for stories in scraped
        ),
    }


def planted_scores(report: Report, truth: dict) -> dict[str, object]:
    """Planted changes with a finding on their version whose span overlaps them (and, leniently, findings
    elsewhere whose counterpart does: the change reported on the version it is set against)."""
    id_of = {name: doc for doc, name in names_by_id(report).items()}
    on: dict[str, list[tuple[int, int]]] = defaultdict(list)
    against: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for finding in report.findings:
        on[finding.doc].append((finding.start, finding.end))
        if finding.against and finding.counterpart_start is not None and finding.counterpart_end is not None:
            against[finding.against].append((finding.counterpart_start, finding.counterpart_end))
    found: Counter[str] = Counter()
    either: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for planted in truth["planted"]:
        doc = id_of.get(planted["document"])
        kind, start, end = planted["kind"], planted["start"], planted["end"]
        total[kind] += 1
        hit = any(a <= end and b >= start for a, b in on.get(doc, ()))
        found[kind] += hit
        either[kind] += hit or any(a <= end and b >= start for a, b in against.get(doc, ()))
    quiet = {id_of[name] for name, entry in truth["documents"].items() if entry["kind"] in ("singleton", "copy")}
    return {
        "recall": sum(found.values()) / max(1, sum(total.values())),
        "recall_either_side": sum(either.values()) / max(1, sum(total.values())),
        "by_kind": {kind: f"{found[kind]}/{total[kind]}" for kind in PLANTED_KINDS},
        "planted": sum(total.values()),
        "findings": len(report.findings),
        "findings_on_unchanged": sum(1 for finding in report.findings if finding.doc in quiet),
    }


# -- measuring ---------------------------------------------------------------------------------------


def measure(folder: str, read: str, model: str | None, label: str) -> dict[str, object]:
    """One size in this (fresh) process: models loaded and warmed first, then one run with an empty cache."""
    encoders = load_encoders(model)
    warm_up = [" ".join(paragraph) for paragraph in draft_article(random.Random("warm-up")).paragraphs] * 16
    for encoder in encoders.values():
        encoder.encode(warm_up)
    detect_language(" ".join(warm_up))
    function_words("en")
    rss_loaded = max_rss_mib(resource.RUSAGE_SELF)
    truth = json.loads((Path(folder) / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="drift-crawl-cache-") as cache:
        result = timed_run([str(Path(folder) / read)], encoders, Path(cache) / "embeddings.sqlite3", label)
    report = result.report
    inside = result.model_seconds()
    return {
        "documents": len(report.documents),
        "sentences": sum(len(article.sentences) for article in report.articles.values()),
        "unreadable": sum(1 for document in report.documents if not document.ok),
        "seconds": result.seconds,
        "model_seconds": inside,
        "overhead": (result.seconds - inside) / inside if inside else math.nan,
        "asked": result.asked(),
        "embedded": result.model_texts(),
        "stages": result.stages,
        "rss_loaded": rss_loaded,
        "rss_peak": max_rss_mib(resource.RUSAGE_SELF),
        "noise": result.noise,
        "alignments": len(report.alignments),
        "grouping": grouping_scores(report, truth),
        "planted": planted_scores(report, truth),
    }


def print_table(sizes: Sequence[int], results: Sequence[dict]) -> None:
    print()
    print(
        f"{'docs':>7} {'sentences':>9} {'wall s':>8} {'per 10x':>8} {'peak RSS':>9} {'embedded':>9} {'model s':>8} "
        f"{'overhead':>9} {'group P':>8} {'group R':>8} {'planted':>8} {'either':>7}"
    )
    previous: tuple[int, float] | None = None
    for size, result in zip(sizes, results, strict=True):
        step = (
            ""
            if previous is None
            else f"{(result['seconds'] / previous[1]) ** (1 / math.log10(size / previous[0])):.1f}x"
        )
        previous = (size, result["seconds"])
        grouping, planted = result["grouping"], result["planted"]
        print(
            f"{size:>7,} {result['sentences']:>9,} {result['seconds']:>8.1f} {step:>8} {result['rss_peak']:>6,.0f} MiB "
            f"{result['embedded']:>9,} {result['model_seconds']:>8.1f} {result['overhead']:>9.1%} "
            f"{grouping['precision']:>8.3f} {grouping['recall']:>8.3f} {planted['recall']:>8.3f} "
            f"{planted['recall_either_side']:>7.3f}"
        )
    print(
        f"goals: overhead ≤ {OVERHEAD_GOAL:.0%}, grouping precision and recall ≥ {GROUPING_GOAL}, "
        f"time per 10× step ≤ {STEP_GOAL:.0f}×"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="crawl sizes (default 1000 10000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the crawl (default 0)")
    parser.add_argument("--story-share", type=float, default=0.1, help="share of documents in stories (default 0.1)")
    parser.add_argument(
        "--scraped-share", type=float, default=0.0, help="share of unrelated articles inside site furniture (default 0)"
    )
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=tuple(VERSION_WEIGHTS),
        default=list(VERSION_WEIGHTS),
        help="kinds of versions a story's original gets (default all)",
    )
    parser.add_argument("--read", choices=("jsonl", "txt"), default="jsonl", help="which copy drift reads")
    parser.add_argument("--model", default=None, help="encoder, as drift's --model (default all-MiniLM-L6-v2)")
    parser.add_argument("--keep", type=Path, default=None, help="write the crawls under this folder and keep them")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    root = args.keep or Path(tempfile.mkdtemp(prefix="drift-crawl-"))
    print(f"drift crawl bench — {datetime.datetime.now().isoformat(timespec='seconds')}, seed {args.seed}")
    results = []
    try:
        for size in sizes:
            folder = root / f"crawl-{size}"
            if folder.exists():
                shutil.rmtree(folder)
            documents = build_crawl(size, args.seed, args.story_share, args.scraped_share, args.kinds)
            write_crawl(documents, folder)
            kinds = Counter(document.kind for document in documents)
            planted = sum(len(document.planted) for document in documents)
            print(f"\nN={size:,}: {', '.join(f'{kind} {count:,}' for kind, count in sorted(kinds.items()))}")
            print(f"  {planted:,} planted changes; written to {folder}")
            load = OtherLoad()
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                result = pool.submit(measure, str(folder), args.read, args.model, f"N={size}").result()
            results.append(result)
            grouping, found = result["grouping"], result["planted"]
            print(f"  {result['noise']}; whole size {load.describe()}")
            print(
                f"  {result['documents']:,} documents ({result['unreadable']} unreadable), {result['sentences']:,} "
                f"sentences, {result['alignments']:,} aligned pairs; {result['asked']:,} texts asked of the encoder, "
                f"{result['embedded']:,} embedded"
            )
            print("  stages: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in result["stages"].items()))
            print(f"  RSS after loading the models {result['rss_loaded']:,.0f} MiB, peak {result['rss_peak']:,.0f} MiB")
            print(
                f"  grouping: precision {grouping['precision']:.3f}, recall {grouping['recall']:.3f}; "
                f"{grouping['found_stories']} stories of 2+ found, {grouping['mixed_stories']} joining true stories; "
                f"{grouping['wrong_pairs']:,} wrong pairs, {grouping['wrong_pairs_of_scrapes']:,} of them two scrapes"
            )
            print(
                f"  planted: {found['recall']:.3f} found on the version ({found['by_kind']}), "
                f"{found['recall_either_side']:.3f} on either side; {found['findings']:,} findings, "
                f"{found['findings_on_unchanged']:,} on singletons and exact copies"
            )
        print_table(sizes, results)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
