"""What became of each input document: checked, refused, left out, failed, or holding nothing to check.

A report lists every input with its status, none skipped in silence; the
stages note here why a document read was not checked. ``require_checked`` is
the rule every command shares: a run that checked nothing is an error
(``NothingCheckedError``, exit 2), never a green run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from drift.errors import NothingCheckedError
from drift.records import Article, BlockKind, Document, Report, StageFailure, Status, Story


def unreadable(report: Report) -> list[str]:
    """``path: reason`` for every input that could not be checked (read, or with nothing to check in it)."""
    return [f"{document.id}: {document.error}" for document in report.documents if not document.ok]


def require_checked(report: Report, inputs: Sequence[str], *, scoped: bool = False) -> bool:
    """Raise ``NothingCheckedError`` when no document reported on had a sentence to check: a green run would lie.

    ``scoped``: the run reports only on some files (``RunOptions.report_only``); when none of them is in
    a corpus that was read, there is nothing to report, rightly (a change that touched no document), and
    the answer is False instead of an error. True when something was checked.
    """
    reported = [document for document in report.documents if document.id not in report.context]
    checked = any(article.sentences for doc_id, article in report.articles.items() if doc_id not in report.context)
    if checked:
        return True
    if scoped and not reported and report.articles:
        return False
    problems = unreadable(report)
    own = [f"{document.id}: {document.error}" for document in reported if not document.ok]
    if len(problems) == len(own) == 1:  # one mistyped path: one line
        raise NothingCheckedError(f"{own[0]} (nothing was checked)")
    if own:
        message = f"nothing was checked: none of the {len(own)} inputs could be checked"
        raise NothingCheckedError(message, tuple(problems))
    excluded = f" ({len(report.excluded_paths)} excluded)" if report.excluded_paths else ""
    message = f"no readable document with text in {', '.join(inputs)}{excluded} (nothing was checked)"
    raise NothingCheckedError(message, tuple(problems))


def duplicate_ids(documents: Sequence[Document]) -> tuple[str, ...]:
    """One note per JSONL id used by several records of a file: baselines name a record by its id."""
    lines: dict[tuple[str, str], list[int]] = {}
    for document in documents:
        if document.ok and document.meta.record_id is not None:
            lines.setdefault((document.path, document.meta.record_id), []).append(document.line)
    return tuple(
        f"{path}: id {record_id!r} is used by {len(numbers)} records (lines {', '.join(map(str, numbers))}); "
        "give each record its own id, or a baseline cannot tell them apart"
        for (path, record_id), numbers in lines.items()
        if len(numbers) > 1
    )


def with_failures(documents: Sequence[Document], failures: Sequence[StageFailure]) -> tuple[Document, ...]:
    """The documents, each one a stage or rule failed on marked ``internal-error`` with what failed."""
    messages: dict[str, list[str]] = {}
    for failure in failures:
        if failure.message not in messages.setdefault(failure.doc, []):
            messages[failure.doc].append(failure.message)
    return tuple(
        replace(document, error="; ".join(messages[document.id]), failure=Status.INTERNAL_ERROR)
        if document.ok and document.id in messages
        else document
        for document in documents
    )


_KIND_NAMES = {BlockKind.BODY: "text", BlockKind.TITLE: "titles", BlockKind.BOILERPLATE: "page furniture"}


def left_out(articles: Sequence[Article], stories: Sequence[Story], max_versions: int) -> dict[str, str]:
    """Why each article with sentences is in no story: its story had more versions than are compared."""
    grouped = {doc for story in stories for doc in story.documents}
    return {
        article.id: (
            f"not checked: one of the versions of a story beyond the first {max_versions}; "
            "raise the limit with --max-versions"
        )
        for article in articles
        if article.sentences and article.id not in grouped
    }


def within(articles: Sequence[Article], max_sentences: int) -> tuple[list[Article], dict[str, str]]:
    """The articles with at most ``max_sentences`` sentences, and why each other one is refused."""
    kept: list[Article] = []
    refused: dict[str, str] = {}
    for article in articles:
        if len(article.sentences) > max_sentences:
            refused[article.id] = (
                f"too many sentences: {len(article.sentences)} is over the limit of {max_sentences}; "
                f"raise it with --max-sentences {len(article.sentences)}"
            )
        else:
            kept.append(article)
    return kept, refused


def mark_unchecked(
    documents: Sequence[Document], articles: Mapping[str, Article], refused: Mapping[str, str]
) -> tuple[Document, ...]:
    """The documents, those read but not checked marked (``refused`` with a reason, or ``no-sentences``):
    none is skipped in silence."""
    marked = []
    for document in documents:
        article = articles.get(document.id)
        if document.ok and document.id in refused:
            document = replace(document, error=refused[document.id])
        elif document.ok and article is not None and not article.sentences:
            kinds = sorted({_KIND_NAMES[block.kind] for block in article.blocks})
            what = f"its {len(article.blocks)} line(s) are {' or '.join(kinds)}" if kinds else "it holds no text"
            document = replace(document, error=f"no sentence to check: {what}", failure=Status.NO_SENTENCES)
        marked.append(document)
    return tuple(marked)
