"""Typography-blind text for comparison; the original text is never changed.

Scraped copies of one article differ in typography that means nothing: curly or
straight quotes, non-breaking spaces, dashes, ellipses written three ways,
doubled spaces. ``comparable`` maps all of these to one form, used for
embedding, caching and word comparison, while every span still points into the
text as written.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_SPACED_ELLIPSIS = re.compile(r"\.(?:\s\.){2,}")
_WHITESPACE = re.compile(r"\s+")

QUOTE_CHARS = frozenset("\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a")


def comparable(text: str) -> str:
    """Return ``text`` with typography folded: NFKC, straight quotes, one dash, one space."""
    folded = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    folded = folded.replace("\u2026", "...")
    folded = _SPACED_ELLIPSIS.sub("...", folded)
    return _WHITESPACE.sub(" ", folded).strip()


MOJIBAKE = re.compile(r"[ÂÃâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+")


def excerpt(text: str, limit: int = 60) -> str:
    """A text as a message quotes it: whitespace folded, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def damaged_encoding(text: str) -> bool:
    """Text decoded with the wrong character set: its words cannot be compared with another version's."""
    return MOJIBAKE.search(text) is not None
