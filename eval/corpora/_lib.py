"""Helpers for build.py: render article files and gold.json from sentence data.

A document is a list of paragraphs.  A paragraph is either
  * a list of (sentence_id, sentence_text) tuples, joined with `sep` (default one space), or
  * a dict {"furniture": [line, ...]} -- page furniture lines, joined with newlines.
Paragraphs are separated by a blank line.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Doc:
    def __init__(self, name, paras, seps=None):
        self.name = name
        self.paras = paras
        self.seps = seps or {}  # paragraph index -> separator between sentences
        self.sent = {}
        self.order = []
        self.furniture = []
        for p in paras:
            if isinstance(p, dict):
                self.furniture.extend(p["furniture"])
                continue
            for sid, text in p:
                assert sid not in self.sent, (name, sid)
                self.sent[sid] = text
                self.order.append(sid)

    def text(self):
        out = []
        for i, p in enumerate(self.paras):
            if isinstance(p, dict):
                out.append("\n".join(p["furniture"]))
            else:
                out.append(self.seps.get(i, " ").join(t for _, t in p))
        return "\n\n".join(out) + "\n"


def alignment(ref, var, relation, links, omitted=(), inserted=()):
    """links: list of (ref_ids, var_ids); omitted/inserted: expected uncovered ids (asserted)."""
    used_r, used_v = [], []
    out_links = []
    for r_ids, v_ids in links:
        if isinstance(r_ids, str):
            r_ids = [r_ids]
        if isinstance(v_ids, str):
            v_ids = [v_ids]
        used_r += r_ids
        used_v += v_ids
        out_links.append({"ref": [ref.sent[i] for i in r_ids], "var": [var.sent[i] for i in v_ids]})
    assert len(used_r) == len(set(used_r)), ("dup ref", ref.name, used_r)
    assert len(used_v) == len(set(used_v)), ("dup var", var.name, used_v)
    om = [i for i in ref.order if i not in used_r]
    ins = [i for i in var.order if i not in used_v]
    assert om == list(omitted), (ref.name, var.name, "omitted", om)
    assert ins == list(inserted), (ref.name, var.name, "inserted", ins)
    return {
        "ref": ref.name,
        "var": var.name,
        "relation": relation,
        "links": out_links,
        "omitted": [ref.sent[i] for i in om],
        "inserted": [var.sent[i] for i in ins],
    }


def planted(doc, text, category, severity, against, counterpart):
    return {
        "doc": doc,
        "text": text,
        "category": category,
        "severity": severity,
        "against": against,
        "counterpart": counterpart,
    }


def write_corpus(dirname, docs, gold):
    d = os.path.join(HERE, dirname)
    os.makedirs(d, exist_ok=True)
    for doc in docs:
        with open(os.path.join(d, doc.name), "w", encoding="utf-8", newline="\n") as f:
            f.write(doc.text())
    with open(os.path.join(d, "gold.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
