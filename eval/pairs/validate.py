"""Validate eval/pairs/labelled.jsonl.

Usage:  python eval/pairs/validate.py [path/to/labelled.jsonl]

Exits non-zero if any hard check fails; prints a summary table and soft warnings.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT = Path(__file__).with_name("labelled.jsonl")

CATEGORIES = {
    # category: (id prefix, label, allowed severities, minimum count)
    "number": ("num", "drift", {"error"}, 35),
    "entity": ("ent", "drift", {"error"}, 35),
    "negation": ("neg", "drift", {"error"}, 35),
    "quote": ("quo", "drift", {"error", "warning"}, 35),
    "garble": ("gar", "drift", {"error"}, 35),
    "omission": ("omi", "drift", {"error", "warning"}, 35),
    "meaning": ("mea", "drift", {"error", "warning"}, 20),
    "benign": ("ben", "same", {None}, 90),
}
MIN_TOTAL = 300
REQUIRED = ["id", "a", "b", "label", "category", "severity", "span", "split", "source"]
OPTIONAL = {"a_span", "reworded"}
QUOTE_CHARS = set('"\u201c\u201d\u201e\u00ab\u00bb')


def words(s: str) -> int:
    return len(s.split())


def main(path: Path) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: invalid JSON ({e})")
            continue
        if not isinstance(r, dict):
            errors.append(f"line {n}: not an object")
            continue
        r["_line"] = n
        rows.append(r)

    seen = set()
    for r in rows:
        where = f"line {r['_line']} ({r.get('id')})"
        missing = [k for k in REQUIRED if k not in r]
        if missing:
            errors.append(f"{where}: missing keys {missing}")
            continue
        extra = set(r) - set(REQUIRED) - OPTIONAL - {"_line"}
        if extra:
            errors.append(f"{where}: unexpected keys {sorted(extra)}")
        rid, a, b, cat = r["id"], r["a"], r["b"], r["category"]
        if rid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(rid)
        if cat not in CATEGORIES:
            errors.append(f"{where}: unknown category {cat!r}")
            continue
        prefix, label, sevs, _ = CATEGORIES[cat]
        if not re.fullmatch(rf"{prefix}-\d{{3}}", rid):
            errors.append(f"{where}: id does not match '{prefix}-NNN'")
        if not (isinstance(a, str) and isinstance(b, str) and a.strip() and b.strip()):
            errors.append(f"{where}: a/b must be non-empty strings")
            continue
        if a == b:
            errors.append(f"{where}: a and b are identical")
        if r["label"] != label:
            errors.append(f"{where}: label {r['label']!r}, expected {label!r} for {cat}")
        if r["severity"] not in sevs:
            errors.append(f"{where}: severity {r['severity']!r} not allowed for {cat}")
        if r["split"] not in ("dev", "test"):
            errors.append(f"{where}: bad split {r['split']!r}")
        if not isinstance(r["source"], str) or not r["source"].strip():
            errors.append(f"{where}: empty source")

        span = r["span"]
        if cat == "benign":
            if span is not None:
                errors.append(f"{where}: benign pair must have span null")
        elif span is None:
            if cat != "omission":
                errors.append(f"{where}: span may be null only for omission pairs")
            a_span = r.get("a_span")
            if not isinstance(a_span, str) or not a_span.strip():
                errors.append(f"{where}: span is null but a_span is missing")
            elif a_span not in a:
                errors.append(f"{where}: a_span {a_span!r} is not a substring of a")
            elif a_span.strip() in b:
                warnings.append(f"{where}: dropped a_span {a_span!r} still appears in b")
        else:
            if not isinstance(span, str) or not span.strip():
                errors.append(f"{where}: span must be a non-empty string or null")
            elif span not in b:
                errors.append(f"{where}: span {span!r} is not a substring of b")
            elif b.count(span) > 1:
                warnings.append(f"{where}: span {span!r} occurs {b.count(span)}x in b")
        if "a_span" in r and r.get("a_span") is not None and r["a_span"] not in a:
            errors.append(f"{where}: a_span is not a substring of a")
        if "reworded" in r and not isinstance(r["reworded"], bool):
            errors.append(f"{where}: reworded must be a boolean")
        if cat == "quote" and not (set(a) & QUOTE_CHARS and set(b) & QUOTE_CHARS):
            errors.append(f"{where}: quote pair without quotation marks in a and b")
        for side, text in (("a", a), ("b", b)):
            if text != text.strip():
                warnings.append(f"{where}: {side} has leading/trailing whitespace")
        wa = words(a)
        if wa < 8 or wa > 60:
            warnings.append(f"{where}: a has {wa} words (outside 8-60)")

    # ---- aggregate checks
    by_cat = Counter(r["category"] for r in rows if "category" in r)
    if len(rows) < MIN_TOTAL:
        errors.append(f"only {len(rows)} rows, need >= {MIN_TOTAL}")
    for cat, (_, _, _, minimum) in CATEGORIES.items():
        if by_cat[cat] < minimum:
            errors.append(f"category {cat}: {by_cat[cat]} rows, need >= {minimum}")

    table = defaultdict(Counter)
    for r in rows:
        if r.get("category") in CATEGORIES:
            table[r["category"]][(r.get("severity"), r.get("split"))] += 1
    for cat, c in table.items():
        dev = sum(v for (s, sp), v in c.items() if sp == "dev")
        test = sum(v for (s, sp), v in c.items() if sp == "test")
        if abs(dev - test) > max(2, (dev + test) // 10):
            errors.append(f"category {cat}: unbalanced split dev={dev} test={test}")
    q = table.get("quote", Counter())
    qw = sum(v for (s, _), v in q.items() if s == "warning")
    qe = sum(v for (s, _), v in q.items() if s == "error")
    if qw + qe and not (0.35 <= qw / (qw + qe) <= 0.65):
        warnings.append(f"quote severities not roughly balanced: warning={qw} error={qe}")

    # ---- report
    print(f"{path}: {len(rows)} rows")
    print(f"{'category':<10} {'severity':<8} {'dev':>4} {'test':>4} {'total':>5}")
    for cat in CATEGORIES:
        c = table.get(cat, Counter())
        for sev in sorted({s for s, _ in c}, key=lambda s: (s is None, s or "")):
            d, t = c[(sev, "dev")], c[(sev, "test")]
            print(f"{cat:<10} {sev!s:<8} {d:>4} {t:>4} {d + t:>5}")
    labels = Counter(r.get("label") for r in rows)
    splits = Counter(r.get("split") for r in rows)
    rew = Counter(r.get("reworded") for r in rows if r.get("label") == "drift")
    wc = [words(r["a"]) for r in rows if isinstance(r.get("a"), str)]
    multi = sum(
        1
        for r in rows
        if isinstance(r.get("a"), str) and len(re.findall(r"[.!?][\"\u201d]?\s+[A-Z\u201c\"]", r["a"])) >= 1
    )
    print(f"labels: {dict(labels)}  splits: {dict(splits)}")
    print(f"drift pairs with benign rewording around the change: {rew[True]}/{rew[True] + rew[False]}")
    if wc:
        print(f"words in a: min {min(wc)}, max {max(wc)}, mean {sum(wc) / len(wc):.1f}; multi-sentence a: ~{multi}")
    for w in warnings:
        print("WARN ", w)
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"FAILED ({len(errors)} errors)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
