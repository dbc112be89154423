"""The rows a load brought, as the data history page shows them: codes of the reference data
(recognition levels, target measures, the movement's vocabularies) and of a recognition (unit kind,
action, kind of decision) read as their names in the reader's language, a column may mix two
vocabularies, and what is not a code, or a code nothing names, stays as stored."""

from __future__ import annotations

import pandas as pd
import pytest

from presentation import history_tables

NAMES = {
    "vi": {"ntm": "Xã đạt chuẩn nông thôn mới", "communes_ntm": "Số xã đạt chuẩn nông thôn mới"},
    "en": {"ntm": "NTM commune", "communes_ntm": "Communes meeting the NTM standard"},
}


def shown(rows: dict[str, list], lang: str) -> pd.DataFrame:
    return history_tables.stored_rows(pd.DataFrame(rows), lambda column: column, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_recognition_level_and_a_target_measure_show_their_names_not_their_codes(lang):
    table = shown({"level_code": ["ntm"], "measure_code": ["communes_ntm"]}, lang)
    assert table["level_code"].tolist() == [NAMES[lang]["ntm"]]
    assert table["measure_code"].tolist() == [NAMES[lang]["communes_ntm"]]


def test_a_column_of_money_sources_and_contributions_in_kind_names_every_one():
    table = shown({"source": ["central_budget", "in_kind", "central_budget"]}, "en")
    assert table["source"].tolist() == ["Central budget", "In kind (converted value)", "Central budget"]


def test_a_column_with_a_value_no_vocabulary_names_stays_as_stored():
    """Naming some values of a column and not others would make it read as two kinds of thing."""
    table = shown({"source": ["central_budget", "Quỹ vì người nghèo"]}, "vi")
    assert table["source"].tolist() == ["central_budget", "Quỹ vì người nghèo"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_recognition_s_unit_kind_action_and_kind_of_decision_read_as_words(lang):
    table = shown(
        {
            "unit_kind": ["commune", "district"],
            "action": ["recognised", "withdrawn"],
            "decision_kind": ["ordinary"] * 2,
        },
        lang,
    )
    expected = {
        "vi": [["Xã", "Huyện, thành phố"], ["Công nhận", "Thu hồi"], ["Công nhận"] * 2],
        "en": [["Commune", "District"], ["Recognised", "Withdrawn"], ["Recognition"] * 2],
    }
    assert [table[column].tolist() for column in ("unit_kind", "action", "decision_kind")] == expected[lang]


def test_a_code_the_locales_do_not_name_stays_as_stored():
    assert shown({"decision_kind": ["ordinary", "a_new_kind"]}, "vi")["decision_kind"].tolist() == [
        "ordinary",
        "a_new_kind",
    ]
