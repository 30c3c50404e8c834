# Curly quotes, guillemets and dashes are what these tests are about, so they are written as such.
"""Sentence spans: one test per behaviour, a realistic paragraph, and properties on random text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drift.segment import SEGMENTER_NAME, split_sentences


def sentences(text: str, language: str | None = "en") -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Ordered, non-overlapping, trimmed, and covering every non-whitespace character."""
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


# -- the API ------------------------------------------------------------------------------------


def test_signature_names_the_segmenter_and_its_version() -> None:
    assert SEGMENTER_NAME.startswith("drift-seg/")


@pytest.mark.parametrize("text", ["", " ", "\u00a0\n\t ", "\n\n"])
def test_empty_or_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_spans_point_into_the_text_and_are_trimmed() -> None:
    text = "  He left.  She stayed. \u00a0"
    assert split_sentences(text) == [(2, 10), (12, 23)]


@pytest.mark.parametrize("language", ["xx", "", None, "EN-us", "pt_BR", "zh-Hant"])
def test_unknown_or_odd_language_codes_fall_back_to_english(language: str | None) -> None:
    text = "Mr. Smith met Dr. Jones. They talked."
    assert sentences(text, language) == ["Mr. Smith met Dr. Jones.", "They talked."]


def test_a_line_break_always_ends_a_sentence() -> None:
    text = "Headline without a full stop\nThe body starts here. It goes on.\r\n\r\nNext paragraph"
    assert sentences(text) == [
        "Headline without a full stop",
        "The body starts here.",
        "It goes on.",
        "Next paragraph",
    ]


# -- missing spaces --------------------------------------------------------------------------------


def test_missing_space_after_a_full_stop_is_a_boundary() -> None:
    assert sentences("He denied plans for the invasion.But he said more.") == [
        "He denied plans for the invasion.",
        "But he said more.",
    ]
    assert sentences("It joined after the fall of the Union.Jansen said both were wrong.") == [
        "It joined after the fall of the Union.",
        "Jansen said both were wrong.",
    ]


def test_missing_space_after_a_closing_quote_or_before_a_bracket_is_a_boundary() -> None:
    assert sentences("He said: “Go home.”But nobody moved.") == ["He said: “Go home.”", "But nobody moved."]
    assert sentences("They met the press.(But) nothing was said.") == [
        "They met the press.",
        "(But) nothing was said.",
    ]
    assert sentences("Are you sure?Yes, he was.") == ["Are you sure?", "Yes, he was."]


@pytest.mark.parametrize(
    "text",
    [
        "It costs 3.5 billion dollars and 0.25 cents.",
        "U.S. officials met U.K. envoys at 5 p.m. on Monday.",
        "Some things, e.g. apples, and i.e. pears, are fruit.",
        "Read it on example.com or www.news.example.org today.",
        "Open report.PDF and data.csv from the archive.",
        "The book by J.R.R. Tolkien sold well.",
        "Version 2.10.3 of the tool fixes v1.2 bugs.",
        "Mr.Smith went to https://example.com/Path.Page with Dr.Who.",
        "They joined the U.S.-led coalition and the U.S.’s allies.",
    ],
)
def test_dots_inside_tokens_are_not_boundaries(text: str) -> None:
    assert sentences(text) == [text]


# -- abbreviations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "U.S. officials said so.",
        "On Jan. 12 the talks began.",
        "Mr. Smith met Dr. Jones and Gen. Milley.",
        "Sen. Warren spoke at No. 10 in St. Petersburg.",
        "Shares of Acme Inc. rose and Widget Corp. fell.",
        "The U.S. Army and the U.S. Navy agreed.",
        "Acme Corp. Chief Executive Jane Roe spoke.",
        "He met J. A. Smith and John F. Kennedy.",
        "He works at Acme Inc. and lives in Ohio.",
    ],
)
def test_abbreviations_before_a_name_a_number_or_lower_case_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_sentence_final_abbreviation_before_a_common_opener_is_a_boundary() -> None:
    assert sentences("The device was made by Acme Inc. The company said it was safe.") == [
        "The device was made by Acme Inc.",
        "The company said it was safe.",
    ]
    assert sentences("Talks were held in the U.S. It was the first round. They ended at 5 p.m. But no deal.") == [
        "Talks were held in the U.S.",
        "It was the first round.",
        "They ended at 5 p.m.",
        "But no deal.",
    ]
    assert sentences("The team needed a Plan B. She had one.") == [
        "The team needed a Plan B.",
        "She had one.",
    ]


def test_number_abbreviations_only_hold_before_a_number() -> None:
    assert sentences("He lives at No. 10 now. The answer was No. He left.") == [
        "He lives at No. 10 now.",
        "The answer was No.",
        "He left.",
    ]


def test_abbreviations_in_other_spellings() -> None:
    assert sentences("MR. SMITH MET THE U.S. ENVOY. THE TALKS ENDED.") == [
        "MR. SMITH MET THE U.S. ENVOY.",
        "THE TALKS ENDED.",
    ]
    assert sentences("Shares of Acme Inc. (NYSE: ACME) rose.") == ["Shares of Acme Inc. (NYSE: ACME) rose."]
    assert sentences("Er las S. Fischer auf S. 5 vor.", "de") == ["Er las S. Fischer auf S. 5 vor."]


def test_list_numbers_stay_with_their_item() -> None:
    assert sentences("1. The first point. 2. The second point.") == [
        "1. The first point.",
        "2. The second point.",
    ]
    assert sentences("IV. Findings") == ["IV. Findings"]


# -- quotation marks --------------------------------------------------------------------------------


def test_stray_doubled_quote_after_a_sentence_closes_it() -> None:
    text = "“I know the story. For years they fought,” he said. “”[But] the country has a choice. It is to agree. “"
    assert sentences(text) == [
        "“I know the story.",
        "For years they fought,” he said. “”",
        "[But] the country has a choice.",
        "It is to agree. “",
    ]


def test_sentence_ending_inside_a_quote_ends_after_the_closing_mark() -> None:
    assert sentences("They said they were prepared for the worst.” The talks went on.") == [
        "They said they were prepared for the worst.”",
        "The talks went on.",
    ]
    assert sentences("“We will hope for the best. ” He left.") == [
        "“We will hope for the best. ”",
        "He left.",
    ]


def test_comma_inside_a_quote_does_not_end_the_sentence() -> None:
    text = "“They have quarrelled with their neighbors,” he told the paper."
    assert sentences(text) == [text]


def test_quoted_question_followed_by_lower_case_does_not_end_the_sentence() -> None:
    assert sentences("“Who is there?” he asked. Nobody answered.") == [
        "“Who is there?” he asked.",
        "Nobody answered.",
    ]


def test_opening_quote_after_a_sentence_starts_the_next_one() -> None:
    assert sentences("He told the paper. “[But] we have a choice,” he said. ” “Next one.") == [
        "He told the paper.",
        "“[But] we have a choice,” he said. ”",
        "“Next one.",
    ]


def test_dangling_opening_quote_at_the_end_of_a_line_stays_with_the_last_sentence() -> None:
    assert sentences("He added. To make commitments. “") == ["He added.", "To make commitments. “"]
    assert sentences("It is to agree. “ ") == ["It is to agree. “"]


# -- ellipses -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("ellipsis", ["...", "…", ". . .", " …", " ...", "…."])
def test_ellipsis_inside_a_sentence_does_not_end_it(ellipsis: str) -> None:
    text = f"We want to address their concerns{ellipsis} But there is still a risk."
    assert sentences(text) == [text]


def test_ellipsis_at_the_end_belongs_to_the_last_sentence() -> None:
    assert sentences("Hello all. Last week we said...") == ["Hello all.", "Last week we said..."]
    assert sentences("The cells were . . .") == ["The cells were . . ."]


# -- fragments, brackets, headlines --------------------------------------------------------------------


def test_short_fragment_after_a_sentence_is_its_own_sentence() -> None:
    assert sentences("They want more transparency of connections. rice field.") == [
        "They want more transparency of connections.",
        "rice field.",
    ]


def test_fragment_without_final_punctuation_at_the_end_is_its_own_sentence() -> None:
    assert sentences("The talks begin on Monday. The first one since 2019") == [
        "The talks begin on Monday.",
        "The first one since 2019",
    ]


def test_brackets_at_a_sentence_start_stay_with_that_sentence() -> None:
    assert sentences("He said no. [But] he came. (But) she left.") == [
        "He said no.",
        "[But] he came.",
        "(But) she left.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Alliance ‘prepared for the worst’ amid tensions, says chief",
        "Risk of conflict is real – alliance chief",
        "Friday, January 7, 2022",
        "Sat. Jan 22nd, 2022",
    ],
)
def test_headline_without_final_punctuation_is_one_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_punctuation_only_pieces_join_a_neighbour() -> None:
    assert sentences("!!! Hello there. ...") == ["!!! Hello there. ..."]
    assert sentences("“") == ["“"]


# -- other languages ------------------------------------------------------------------------------------


def test_spanish_inverted_marks_and_abbreviations() -> None:
    text = "¿Qué pasa? ¡Nada! El Sr. García llegó a EE.UU. el 3 de mayo. Luego se fue."
    assert sentences(text, "es") == [
        "¿Qué pasa?",
        "¡Nada!",
        "El Sr. García llegó a EE.UU. el 3 de mayo.",
        "Luego se fue.",
    ]


def test_french_guillemets_and_spaced_punctuation() -> None:
    text = "« C'est fini. » Il est parti. M. Dupont a dit : « Non ! » Puis il est rentré. Quoi\u00a0? Rien."
    assert sentences(text, "fr") == [
        "« C'est fini. »",
        "Il est parti.",
        "M. Dupont a dit : « Non ! »",
        "Puis il est rentré.",
        "Quoi\u00a0?",
        "Rien.",
    ]


def test_german_quotes_ordinals_and_abbreviations() -> None:
    text = "„Das ist gut.“ Er kam am 3. Oktober. Das war z.B. gut. Er wurde 35. Die Feier war am 3.10. in Bonn."
    assert sentences(text, "de") == [
        "„Das ist gut.“",
        "Er kam am 3. Oktober.",
        "Das war z.B. gut.",
        "Er wurde 35.",
        "Die Feier war am 3.10. in Bonn.",
    ]


def test_scripts_that_need_no_space_after_a_full_stop() -> None:
    assert sentences("你好。再见！好吗？", "zh") == ["你好。", "再见！", "好吗？"]


# -- a realistic paragraph -----------------------------------------------------------------------------


def test_realistic_machine_translated_paragraph() -> None:
    text = (
        "The alliance has warned the capital to drop its “hostile policy” and cooperate.But officials"
        " said the U.S. and its allies were ready. “I know the history of the region. For centuries"
        " they have had conflicts with their neighbors,” he told the Daily Ledger. “”[But] the country"
        " has an alternative. It is to cooperate. “ Talks begin on Jan. 10 in St. Gallen, and a"
        " second round is set to take place at No. 10 on 3.5 days’ notice. rice field. “We are ready"
        " to address their concerns. . . But the risk remains,” said Dr. Smith.\u00a0“We hope for the"
        " best … we prepare for the worst.”"
    )
    assert sentences(text) == [
        "The alliance has warned the capital to drop its “hostile policy” and cooperate.",
        "But officials said the U.S. and its allies were ready.",
        "“I know the history of the region.",
        "For centuries they have had conflicts with their neighbors,” he told the Daily Ledger. “”",
        "[But] the country has an alternative.",
        "It is to cooperate.",
        "“ Talks begin on Jan. 10 in St. Gallen, and a second round is set to take place at No. 10 on"
        " 3.5 days’ notice.",
        "rice field.",
        "“We are ready to address their concerns. . . But the risk remains,” said Dr. Smith.",
        "“We hope for the best … we prepare for the worst.”",
    ]
    check_spans(text, split_sentences(text))


# -- properties -------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "a", "Word", "But", "The", "rice", "U.S.", "Inc.", "Mr.", "e.g.", "3.5", "J.", "No.", "10", " ",
        "  ", "\u00a0", "\u202f", "\t", "\n", "\r\n", "\u2028", ".", "..", "...", ". . .", "…", "!", "?",
        "?!", "¿", "¡", ",", ":", "“", "”", "‘", "’", "„", "«", "»", "\"", "'", "“”", "(", ")", "[", "]",
        "–", "。", "？", "।", "؟", "é", "ß", "\u200b", "\ufeff", "x.com", "·",
    ]
)  # fmt: skip
_TEXT = st.one_of(
    st.lists(_PIECES, max_size=60).map("".join),
    st.text(max_size=120),
    st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=40).map("".join),
)
_LANGUAGES = st.sampled_from(["en", "de", "es", "fr", "zh", "xx", "", None])


@settings(max_examples=600, deadline=None)
@given(text=_TEXT, language=_LANGUAGES)
def test_spans_are_ordered_disjoint_trimmed_and_lossless(text: str, language: str | None) -> None:
    spans = split_sentences(text, language)
    check_spans(text, spans)
    assert (spans == []) == (text.strip() == "")


@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_segmenting_is_deterministic_and_local_to_lines(text: str) -> None:
    spans = split_sentences(text)
    assert spans == split_sentences(text)
    for start, end in spans:
        assert not any(ch in text[start:end] for ch in "\n\r\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e")
