"""Score drift against hand annotations: the seeds' gold.json and the corpora in eval/corpora.

Usage: python eval/evaluate.py [--model NAME] [--cache-dir DIR] [--json]

For each corpus it runs the library pipeline once and prints:

* story groups: exact match with the gold partition;
* alignment (corpora with whole-sentence gold): strict and lax precision,
  recall and F1 over beads with both sides non-empty, as vecalign's scorer
  defines them. A predicted bead is mapped to the gold sentences it overlaps;
  strict: it equals a gold link on both sides; lax: it overlaps one on both;
* relations: the gold relation of each aligned pair against ours;
* seeds: gold links found (a pair's reference side contains the link's ``ref``
  string and its variant side the ``var`` string), and gold boilerplate lines
  never inside an aligned sentence;
* findings: planted/gold findings found per category and severity (a finding
  matches when its span overlaps the gold text in that document), benign pairs
  carrying an error, and the findings on pairs that must stay quiet.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.embed import MULTILINGUAL_MODEL, CachedEncoder, EmbeddingCache, load_encoder
from drift.pipeline import RunOptions, run
from drift.records import Article, Finding, Report, Severity

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import pairdev  # noqa: E402


@dataclass
class Counts:
    found: int = 0
    total: int = 0

    def __str__(self) -> str:
        return f"{self.found}/{self.total}"


@dataclass
class Scores:
    """Everything measured on one corpus."""

    name: str
    groups_exact: bool = False
    strict: tuple[int, int, int] = (0, 0, 0)  # matched predictions, predictions, gold links (strict)
    lax: tuple[int, int, int] = (0, 0, 0)
    strict_recall_hits: int = 0
    lax_recall_hits: int = 0
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # pair, gold, ours
    links: Counts = field(default_factory=Counts)
    boilerplate_leaks: list[str] = field(default_factory=list)
    findings: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    missed: list[str] = field(default_factory=list)
    benign_errors: list[str] = field(default_factory=list)
    quiet_violations: list[str] = field(default_factory=list)


def _base(doc_id: str) -> str:
    return Path(doc_id.split("#")[0]).name


def _article(report: Report, name: str) -> Article:
    for article in report.articles.values():
        if _base(article.id) == name:
            return article
    raise KeyError(name)


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def _gold_sentences(article: Article, sentences: list[str]) -> list[tuple[int, int]]:
    text = article.document.text
    spans = []
    for sentence in sentences:
        start = text.find(sentence)
        if start < 0:
            raise ValueError(f"{article.id}: gold sentence not found: {sentence[:60]}")
        spans.append((start, start + len(sentence)))
    return spans


def _score_alignment(report: Report, gold: dict[str, Any], scores: Scores) -> None:
    ref, var = _article(report, gold["ref"]), _article(report, gold["var"])
    ours = next((a for a in report.alignments if {_base(a.ref), _base(a.var)} == {gold["ref"], gold["var"]}), None)
    relation = ours.relation.value if ours is not None else "not aligned"
    scores.relations.append((f"{gold['ref']}->{gold['var']}", gold["relation"], relation))
    links = [(_gold_sentences(ref, link["ref"]), _gold_sentences(var, link["var"])) for link in gold.get("links", [])]
    if ours is None:
        scores.strict = tuple(x + y for x, y in zip(scores.strict, (0, 0, len(links)), strict=True))  # type: ignore[assignment]
        scores.lax = tuple(x + y for x, y in zip(scores.lax, (0, 0, len(links)), strict=True))  # type: ignore[assignment]
        return
    swapped = _base(ours.ref) != gold["ref"]
    ref_spans = [(s.start, s.end) for s in ref.sentences]
    var_spans = [(s.start, s.end) for s in var.sentences]
    predicted = []
    for pair in ours.pairs:
        ref_side, var_side = (pair.var, pair.ref) if swapped else (pair.ref, pair.var)
        if not ref_side or not var_side:
            continue
        predicted.append(([ref_spans[i] for i in ref_side], [var_spans[j] for j in var_side]))

    def gold_ids(spans: list[tuple[int, int]], gold_spans: list[tuple[int, int]]) -> frozenset[int]:
        return frozenset(k for k, (gs, ge) in enumerate(gold_spans) if any(_overlaps(s, e, gs, ge) for s, e in spans))

    all_ref = [span for link in links for span in link[0]]
    all_var = [span for link in links for span in link[1]]
    gold_links = [(gold_ids(r, all_ref), gold_ids(v, all_var)) for r, v in links]
    mapped = [(gold_ids(r, all_ref), gold_ids(v, all_var)) for r, v in predicted]
    strict_hits = sum(1 for m in mapped if m in gold_links)
    lax_hits = sum(1 for m in mapped if any(m[0] & g[0] and m[1] & g[1] for g in gold_links))
    strict_recall = sum(1 for g in gold_links if g in mapped)
    lax_recall = sum(1 for g in gold_links if any(m[0] & g[0] and m[1] & g[1] for m in mapped))
    scores.strict = (
        scores.strict[0] + strict_hits,
        scores.strict[1] + len(mapped),
        scores.strict[2] + len(gold_links),
    )
    scores.lax = (scores.lax[0] + lax_hits, scores.lax[1] + len(mapped), scores.lax[2] + len(gold_links))
    scores.strict_recall_hits += strict_recall
    scores.lax_recall_hits += lax_recall


def _score_seed_links(report: Report, gold: dict[str, Any], scores: Scores) -> None:
    from drift.records import span_text

    for alignment_gold in gold["alignments"]:
        ours = [
            a
            for a in report.alignments
            if {_base(a.ref), _base(a.var)} == {alignment_gold["ref"], alignment_gold["var"]}
        ]
        relation = ours[0].relation.value if ours else "not aligned"
        scores.relations.append(
            (
                f"{alignment_gold['ref'][:3]}->{alignment_gold['var'][:3]}",
                alignment_gold["relation"],
                relation,
            )
        )
        for link in alignment_gold["links"]:
            scores.links.total += 1
            hit = False
            for alignment in ours:
                ref, var = report.articles[alignment.ref], report.articles[alignment.var]
                swapped = _base(alignment.ref) != alignment_gold["ref"]
                for pair in alignment.pairs:
                    ref_text, var_text = span_text(ref, pair.ref), span_text(var, pair.var)
                    if swapped:
                        ref_text, var_text = var_text, ref_text
                    hit = hit or (link["ref"] in ref_text and link["var"] in var_text)
            scores.links.found += hit
            if not hit:
                scores.missed.append(f"link {link['ref'][:50]!r} ~ {link['var'][:50]!r}")


def _score_boilerplate(report: Report, boilerplate: dict[str, list[str]], scores: Scores) -> None:
    for name, lines in boilerplate.items():
        article = _article(report, name)
        for line in lines:
            start = article.document.text.find(line)
            end = start + len(line)
            if any(_overlaps(s.start, s.end, start, end) for s in article.sentences):
                scores.boilerplate_leaks.append(f"{name}: {line[:50]!r}")


def _matches(finding: Finding, article: Article, text: str) -> bool:
    start = article.document.text.find(text)
    return start >= 0 and _overlaps(finding.start, finding.end, start, start + len(text))


def _score_findings(report: Report, expected: list[dict[str, Any]], scores: Scores) -> None:
    for item in expected:
        key = (item["category"], item["severity"])
        scores.findings[key].total += 1
        doc = item["doc"]
        article = _article(report, doc)
        if item.get("text"):
            hit = any(_base(f.doc) == doc and _matches(f, article, item["text"]) for f in report.findings)
        else:  # an omission: flagged on the reference's omitted text, or against it
            against = _article(report, item["against"])
            hit = any(
                (_base(f.doc) == item["against"] and _matches(f, against, item["counterpart"]))
                or (_base(f.doc) == doc and f.counterpart and item["counterpart"][:40] in f.counterpart)
                for f in report.findings
            )
        scores.findings[key].found += hit
        if not hit:
            shown = str(item.get("text") or item.get("counterpart"))[:60]
            scores.missed.append(f"{item['category']}/{item['severity']} in {doc}: {shown!r}")


def _score_benign(report: Report, benign: list[dict[str, Any]], scores: Scores) -> None:
    for pair in benign:
        article = _article(report, pair["b_doc"])
        for finding in report.findings:
            if (
                _base(finding.doc) == pair["b_doc"]
                and finding.severity is Severity.ERROR
                and _matches(finding, article, pair["b"])
            ):
                scores.benign_errors.append(f"{finding.rule} on {pair['b'][:50]!r}: {finding.message}")


def _score_quiet(report: Report, quiet_docs: list[str], scores: Scores) -> None:
    for finding in report.findings:
        quiet = _base(finding.doc) in quiet_docs and finding.category.value != "boilerplate"
        if quiet and finding.severity is not Severity.INFO:
            scores.quiet_violations.append(
                f"{_base(finding.doc)} {finding.rule} [{finding.severity.value}] {finding.message}"
            )


def evaluate_seeds(encoder: CachedEncoder, options: RunOptions) -> Scores:
    gold = json.loads((HERE / "seeds-gold.json").read_text(encoding="utf-8"))
    report = run([str(ROOT / "seeds")], encoder, options)
    scores = Scores("seeds")
    ours = sorted(sorted(_base(d) for d in story.documents) for story in report.stories)
    scores.groups_exact = ours == sorted(sorted(group) for group in gold["story_groups"])
    _score_seed_links(report, gold, scores)
    _score_boilerplate(report, gold["boilerplate"], scores)
    _score_findings(report, gold["findings"], scores)
    _score_benign(report, gold["benign_pairs"], scores)
    return scores


def evaluate_corpus(directory: Path, encoder: CachedEncoder, options: RunOptions) -> Scores:
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    report = run([str(directory)], encoder, options)
    scores = Scores(directory.name)
    ours = sorted(sorted(_base(d) for d in story.documents) for story in report.stories)
    scores.groups_exact = ours == sorted(sorted(group) for group in gold["story_groups"])
    for alignment in gold["alignments"]:
        _score_alignment(report, alignment, scores)
    if "boilerplate" in gold:
        _score_boilerplate(report, gold["boilerplate"], scores)
    _score_findings(report, gold.get("planted", []), scores)
    flagged = {item["doc"] for item in gold.get("planted", [])}
    quiet = [alignment["var"] for alignment in gold["alignments"] if alignment["var"] not in flagged]
    _score_quiet(report, quiet, scores)
    return scores


def _f1(hits: int, predicted: int, recall_hits: int, total: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = recall_hits / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# The labelled pairs' categories, and the finding category that reports each.
_PAIR_CATEGORY = {
    "number": "number", "entity": "entity", "negation": "meaning", "quote": "quote",
    "garble": "garble", "omission": "omission", "meaning": "meaning",
}  # fmt: skip


def evaluate_pairs(encoder: CachedEncoder, split: str) -> None:
    """Precision and recall per category and the ROC-AUC of the score on eval/pairs/labelled.jsonl."""
    from drift.pairmodel import load_pair_model
    from drift.pairs import PairInput, read_pairs, score_pairs
    from drift.thresholds import thresholds_for

    lines = (HERE / "pairs" / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {record["id"]: record for record in map(json.loads, lines)}
    pairs = [
        p for p in read_pairs(lines) if isinstance(p, PairInput) and (split == "all" or gold[p.id]["split"] == split)
    ]
    results = score_pairs(pairs, encoder, thresholds_for(encoder.family), judge=load_pair_model())
    labels = [gold[r.id]["label"] == "drift" for r in results]
    auc = pairdev.auc([r.score for r in results], labels)
    accuracy = sum((r.label == "drift") == y for r, y in zip(results, labels, strict=True)) / len(results)
    print(f"labelled pairs ({split}, {len(results)} pairs): ROC-AUC of score {auc:.3f}, label accuracy {accuracy:.3f}")
    flagged = {r.id: {f.category.value for f in r.findings if f.severity is not Severity.INFO} for r in results}
    print(
        f"  {'category':10} {'pairs':>5} {'recall':>7} {'precision':>9}   (recall: pairs of the category with a finding"
        " of its kind; precision: pairs with a finding of the kind that really drifted)"
    )
    for category, ours in _PAIR_CATEGORY.items():
        members = [r for r in results if gold[r.id]["category"] == category]
        found = sum(1 for r in members if ours in flagged[r.id])
        reported = [r for r in results if ours in flagged[r.id]]
        correct = sum(1 for r in reported if gold[r.id]["label"] == "drift")
        precision = correct / len(reported) if reported else float("nan")
        print(f"  {category:10} {len(members):5} {found / len(members):7.2f} {precision:9.2f}")
    benign = [r for r in results if gold[r.id]["category"] == "benign"]
    with_error = sum(1 for r in benign if any(f.severity is Severity.ERROR for f in r.findings))
    with_any = sum(1 for r in benign if flagged[r.id])
    labelled = sum(1 for r in benign if r.label == "drift")
    print(
        f"  benign     {len(benign):5}   with an error {with_error}, with any warning or error {with_any},"
        f" labelled drift {labelled}"
    )


def _prf(scores: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--backend", choices=["onnx", "torch"], default=None, help="as drift's --backend")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="as drift's --device")
    parser.add_argument("--cache-dir", default=str(ROOT / ".drift_cache"))
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--pairdata", default=str(pairdev.PAIRDATA), help="folder of the public dev pairs")
    parser.add_argument("--pairdata-share", type=float, default=1.0, help="score this share of each dev source")
    parser.add_argument(
        "--aligndev", default=str(ROOT.parent / "shared" / "aligndev"), help="public alignment dev documents"
    )
    parser.add_argument(
        "--pairs", choices=["test", "dev", "all", "none"], default="test", help="labelled pairs to score"
    )
    args = parser.parse_args(argv)
    cache = EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3")
    encoder = CachedEncoder(load_encoder(args.model, backend=args.backend, device=args.device), cache)
    # As the CLI does: with the default model, texts in other languages go to the multilingual encoder.
    options = RunOptions(
        multilingual=CachedEncoder(load_encoder(MULTILINGUAL_MODEL), cache) if not args.model else None
    )
    from aligndev import evaluate as evaluate_aligndev

    evaluate_aligndev(Path(args.aligndev), encoder, options.multilingual)
    print()
    results = [evaluate_seeds(encoder, options)]
    results += [
        evaluate_corpus(d, encoder, options)
        for d in sorted((HERE / "corpora").iterdir())
        if (d / "gold.json").is_file()
    ]
    print(f"{'corpus':16} {'groups':7} {'links':7} {'strict P/R/F1':20} {'lax P/R/F1':20} relations")
    total_strict = [0, 0, 0, 0]
    total_lax = [0, 0, 0, 0]
    for s in results:
        strict = _f1(s.strict[0], s.strict[1], s.strict_recall_hits, s.strict[2])
        lax = _f1(s.lax[0], s.lax[1], s.lax_recall_hits, s.lax[2])
        for total, part, recall_hits in (
            (total_strict, s.strict, s.strict_recall_hits),
            (total_lax, s.lax, s.lax_recall_hits),
        ):
            total[0] += part[0]
            total[1] += part[1]
            total[2] += recall_hits
            total[3] += part[2]
        relations = " ".join(f"{pair}:{'ok' if gold == ours else ours}" for pair, gold, ours in s.relations)
        scored = f"{_prf(strict):20} {_prf(lax):20}" if s.strict[2] else f"{'-':20} {'-':20}"
        links = str(s.links) if s.links.total else "-"
        print(f"{s.name:16} {'ok' if s.groups_exact else 'WRONG':7} {links:7} {scored} {relations}")
    strict = _f1(total_strict[0], total_strict[1], total_strict[2], total_strict[3])
    lax = _f1(total_lax[0], total_lax[1], total_lax[2], total_lax[3])
    print(f"{'ALL corpora':16} {'':7} {'':7} {_prf(strict):20} {_prf(lax):20}")
    print()
    findings: dict[tuple[str, str], Counts] = defaultdict(Counts)
    for s in results:
        for key, counts in s.findings.items():
            findings[key].found += counts.found
            findings[key].total += counts.total
    print("findings found (gold and planted), by category/severity:")
    for (category, severity), counts in sorted(findings.items()):
        print(f"  {category:12} {severity:8} {counts}")
    for s in results:
        for leak in s.boilerplate_leaks:
            print(f"  BOILERPLATE ALIGNED in {s.name}: {leak}")
        for error in s.benign_errors:
            print(f"  BENIGN PAIR WITH ERROR in {s.name}: {error}")
        for violation in s.quiet_violations:
            print(f"  FINDING ON A QUIET PAIR in {s.name}: {violation}")
        if args.verbose:
            for missed in s.missed:
                print(f"  missed in {s.name}: {missed}")
    if args.pairs != "none":
        print()
        print("regression checks, eval/pairs (pairs we wrote; not the benchmark):")
        evaluate_pairs(encoder, args.pairs)
    print()
    pairdata = Path(args.pairdata)
    if (pairdata / "dev.jsonl.gz").is_file():
        print("\n".join(pairdev.report(pairdev.score_dev(pairdev.read_dev(pairdata, args.pairdata_share), encoder))))
    else:
        print(f"pairdata dev split: SKIPPED ({pairdata / 'dev.jsonl.gz'} not found; it lives in ../shared/pairdata)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
