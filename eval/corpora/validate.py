"""Validate every corpus under eval/corpora/: gold.json strings must be exact substrings of the files.

Usage: /work/main/.venv/bin/python eval/corpora/validate.py [corpus_dir ...]
Checks (independently of build.py and its data files, reading only the .txt files and gold.json):
  * story_groups cover every .txt file of the corpus exactly once;
  * every boilerplate entry is a whole line of its file;
  * the article text (file minus boilerplate lines) splits into sentences at [.?!] + whitespace/end,
    every link/omitted/inserted string is one of those whole sentences, each sentence is used at most
    once per alignment, multi-sentence link sides are adjacent sentences of one paragraph, and every
    sentence of ref/var is covered (links + omitted / links + inserted);
  * every planted text/counterpart is an exact substring occurring exactly once in its file
    (text may be null only for category 'omission');
  * no abbreviation-like tokens ("Mr.", "U.S.", "e.g.") in article sentences.
Exit status 1 on any error.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = {"number", "entity", "negation", "quote", "garble", "meaning", "omission", "insertion"}
SEVERITIES = {"error", "warning"}
RELATIONS = {"rendering", "same-story"}
SPLIT = re.compile(r"(?<=[.?!])\s+")
ABBREV = re.compile(
    r"\b(?:[A-Z][a-z]{0,3}|[a-z])\.(?=\s+[a-z])|\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|Prof|No|vs|etc|Inc|Ltd|Jr|Sr)\."
)


def sentences(text, furniture):
    """Return list of paragraphs, each a list of sentences, ignoring furniture lines."""
    furn = set(furniture)
    lines = [("" if ln in furn else ln) for ln in text.split("\n")]
    paras = []
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        block = block.strip()
        if not block:
            continue
        paras.append([s for s in SPLIT.split(block) if s])
    return paras


def check_corpus(d):
    errs, warns = [], []
    with open(os.path.join(d, "gold.json"), encoding="utf-8") as handle:
        gold = json.load(handle)
    files = sorted(f for f in os.listdir(d) if f.endswith(".txt"))
    text = {}
    for f in files:
        with open(os.path.join(d, f), encoding="utf-8") as handle:
            text[f] = handle.read()
    furniture = gold.get("boilerplate", {})

    for k in ("about", "story_groups", "alignments", "planted"):
        if k not in gold:
            errs.append(f"missing key {k}")
    grouped = [f for g in gold.get("story_groups", []) for f in g]
    if sorted(grouped) != files:
        errs.append(f"story_groups {sorted(grouped)} != files {files}")

    for f, lines in furniture.items():
        if f not in text:
            errs.append(f"boilerplate for unknown file {f}")
            continue
        file_lines = set(text[f].split("\n"))
        for ln in lines:
            if ln not in file_lines:
                errs.append(f"{f}: boilerplate line not a whole line: {ln!r}")

    sents = {}
    for f in files:
        paras = sentences(text[f], furniture.get(f, []))
        flat = [(pi, s) for pi, p in enumerate(paras) for s in p]
        sents[f] = flat
        seen = set()
        for _, s in flat:
            if s in seen:
                errs.append(f"{f}: duplicate sentence {s!r}")
            seen.add(s)
            if not re.search(r"[.?!]$", s):
                errs.append(f"{f}: sentence without final punctuation {s!r}")
            if ABBREV.search(s):
                warns.append(f"{f}: abbreviation-like token in {s!r}")

    n_links = 0
    pairs = set()
    for al in gold.get("alignments", []):
        r, v = al["ref"], al["var"]
        tag = f"{r}->{v}"
        if r not in text or v not in text:
            errs.append(f"{tag}: unknown file")
            continue
        pairs.add((r, v))
        if al.get("relation") not in RELATIONS:
            errs.append("{}: bad relation {!r}".format(tag, al.get("relation")))
        idx = {f: {s: i for i, (_, s) in enumerate(sents[f])} for f in (r, v)}
        used = {r: [], v: []}

        def take(f, lst, what, tag=tag, idx=idx, used=used):
            pos = []
            for s in lst:
                if s not in idx[f]:
                    errs.append(f"{tag}: {what} not a whole sentence of {f}: {s!r}")
                    continue
                used[f].append(s)
                pos.append(idx[f][s])
            return pos

        for ln in al.get("links", []):
            n_links += 1
            if not ln["ref"] or not ln["var"]:
                errs.append(f"{tag}: empty link side {ln!r}")
            for f, side in ((r, "ref"), (v, "var")):
                pos = take(f, ln[side], "link." + side)
                if len(pos) > 1:
                    paras = {sents[f][p][0] for p in pos}
                    if sorted(pos) != list(range(min(pos), min(pos) + len(pos))) or len(paras) > 1:
                        errs.append(f"{tag}: link side not adjacent sentences of one paragraph: {ln[side]!r}")
        take(r, al.get("omitted", []), "omitted")
        take(v, al.get("inserted", []), "inserted")
        for f in (r, v):
            dup = {s for s in used[f] if used[f].count(s) > 1}
            for s in dup:
                errs.append(f"{tag}: sentence used twice in {f}: {s!r}")
            missing = [s for _, s in sents[f] if s not in used[f]]
            for s in missing:
                errs.append(f"{tag}: sentence of {f} not covered: {s!r}")

    for p in gold.get("planted", []):
        doc, ag = p.get("doc"), p.get("against")
        tag = "planted {}/{!r}".format(doc, p.get("text"))
        if doc not in text or ag not in text:
            errs.append(f"{tag}: unknown doc/against")
            continue
        if p.get("category") not in CATEGORIES:
            errs.append("{}: bad category {!r}".format(tag, p.get("category")))
        if p.get("severity") not in SEVERITIES:
            errs.append("{}: bad severity {!r}".format(tag, p.get("severity")))
        if (ag, doc) not in pairs:
            errs.append(f"{tag}: no alignment {ag}->{doc}")
        for key, f in (("text", doc), ("counterpart", ag)):
            s = p.get(key)
            if s is None:
                if key == "text" and p.get("category") != "omission":
                    errs.append(f"{tag}: null text only allowed for omission")
                if key == "counterpart" and p.get("category") == "omission":
                    errs.append(f"{tag}: omission needs counterpart")
                continue
            c = text[f].count(s)
            if c != 1:
                errs.append(f"{tag}: {key} occurs {c} times in {f}: {s!r}")
    stats = {
        "files": len(files),
        "sentences": {f: len(sents[f]) for f in files},
        "links": n_links,
        "planted": len(gold.get("planted", [])),
        "boilerplate_lines": sum(len(v) for v in furniture.values()),
    }
    return errs, warns, stats


def main(argv):
    dirs = argv or sorted(
        os.path.join(HERE, x) for x in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, x, "gold.json"))
    )
    bad = 0
    for d in dirs:
        errs, warns, st = check_corpus(d)
        name = os.path.basename(os.path.normpath(d))
        print(f"{name:<16} {'OK  ' if not errs else 'FAIL'}  {json.dumps(st, ensure_ascii=False)}")
        for w in warns:
            print("   warning:", w)
        for e in errs:
            print("   ERROR:", e)
        bad += bool(errs)
    print(f"{len(dirs)} corpora, {bad} failing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
