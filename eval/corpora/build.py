"""Regenerates every corpus (article .txt files and gold.json) from its data file, data/<corpus>.json.

Edit the data file, not the generated files, then run:
    .venv/bin/python eval/corpora/build.py && .venv/bin/python eval/corpora/validate.py
(``--out DIR`` writes the corpora under DIR instead, to compare them with the ones here.)
All text is original fictional composition.

A data file holds ``documents``, then the keys of gold.json in their order.
A document is a ``name`` and ``paragraphs``: a paragraph is a list of
``[id, sentence]`` (joined by one space, or by ``separators[index]``) or
``{"furniture": [line, ...]}``; paragraphs are separated by a blank line. A
document may instead be made ``from`` an earlier one, ``replace`` listing
``[old, new]`` per sentence id. Every gold string is taken from the sentences,
so it is written once: ``alignments`` link sentence ids (``[ref, var]``, each
an id or a list of ids) and name the ids no link covers (``omitted``,
``inserted``: checked); a planted ``text`` or ``counterpart`` is a string or
``{"sentence": id}`` (of ``doc``, or of ``against``); ``moved`` lists its
``ref_sentences`` by id; ``boilerplate`` lists the documents whose furniture
lines it maps.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


class Doc:
    """A corpus file: its sentences by id, its furniture lines, and its text."""

    def __init__(self, entry: dict[str, Any], built: dict[str, Doc]):
        self.name: str = entry["name"]
        source = built[entry["from"]].paragraphs if "from" in entry else entry["paragraphs"]
        self.paragraphs: list[Any] = [_replaced(p, entry.get("replace", {})) for p in source]
        self.separators = {int(index): sep for index, sep in entry.get("separators", {}).items()}
        self.sentences: dict[str, str] = {}
        self.furniture: list[str] = []
        for paragraph in self.paragraphs:
            if isinstance(paragraph, dict):
                self.furniture.extend(paragraph["furniture"])
                continue
            for sid, text in paragraph:
                assert sid not in self.sentences, (self.name, sid)
                self.sentences[sid] = text

    def text(self) -> str:
        return (
            "\n\n".join(
                "\n".join(p["furniture"]) if isinstance(p, dict) else self.separators.get(i, " ").join(t for _, t in p)
                for i, p in enumerate(self.paragraphs)
            )
            + "\n"
        )


def _replaced(paragraph: Any, replace: dict[str, list[list[str]]]) -> Any:
    if isinstance(paragraph, dict):
        return paragraph
    out = []
    for sid, text in paragraph:
        for old, new in replace.get(sid, []):
            assert old in text, (sid, old)
            text = text.replace(old, new)
        out.append([sid, text])
    return out


def _ids(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _alignment(entry: dict[str, Any], docs: dict[str, Doc]) -> dict[str, Any]:
    """Links from sentence ids to sentences; what no link covers must be what the entry says is omitted/inserted."""
    ref, var = docs[entry["ref"]], docs[entry["var"]]
    links = [(_ids(r), _ids(v)) for r, v in entry["links"]]
    used_ref = [sid for r, _ in links for sid in r]
    used_var = [sid for _, v in links for sid in v]
    assert len(used_ref) == len(set(used_ref)) and len(used_var) == len(set(used_var)), entry["var"]
    omitted = [sid for sid in ref.sentences if sid not in used_ref]
    inserted = [sid for sid in var.sentences if sid not in used_var]
    assert omitted == entry.get("omitted", []) and inserted == entry.get("inserted", []), (omitted, inserted)
    return {
        "ref": ref.name,
        "var": var.name,
        "relation": entry["relation"],
        "links": [{"ref": [ref.sentences[i] for i in r], "var": [var.sentences[i] for i in v]} for r, v in links],
        "omitted": [ref.sentences[i] for i in omitted],
        "inserted": [var.sentences[i] for i in inserted],
    }


def _text(value: Any, doc: Doc) -> Any:
    return doc.sentences[value["sentence"]] if isinstance(value, dict) else value


def gold_of(data: dict[str, Any], docs: dict[str, Doc]) -> dict[str, Any]:
    """gold.json: the data file's keys after ``documents``, every sentence id replaced by its text."""
    gold: dict[str, Any] = {}
    for key, value in data.items():
        if key == "alignments":
            gold[key] = [_alignment(entry, docs) for entry in value]
        elif key == "planted":
            gold[key] = [
                dict(p, text=_text(p["text"], docs[p["doc"]]), counterpart=_text(p["counterpart"], docs[p["against"]]))
                for p in value
            ]
        elif key == "moved":
            gold[key] = [
                dict(m, ref_sentences=[docs[m["ref"]].sentences[i] for i in m["ref_sentences"]]) for m in value
            ]
        elif key == "boilerplate":
            gold[key] = {name: docs[name].furniture for name in value}
        elif key != "documents":
            gold[key] = value
    return gold


def build(data_file: Path, out: Path) -> None:
    data = json.loads(data_file.read_text(encoding="utf-8"))
    docs: dict[str, Doc] = {}
    for entry in data["documents"]:
        docs[entry["name"]] = Doc(entry, docs)
    folder = out / data_file.stem
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs.values():
        with open(folder / doc.name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(doc.text())
    with open(folder / "gold.json", "w", encoding="utf-8", newline="\n") as handle:
        json.dump(gold_of(data, docs), handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the corpora (default: beside this)")
    args = parser.parse_args()
    for data_file in sorted((HERE / "data").glob("*.json")):
        build(data_file, args.out)
        print("built", data_file.stem)


if __name__ == "__main__":
    main()
