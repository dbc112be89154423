"""Every language says everything: same keys, no empty text, the same placeholders; and every key
the code names is in the catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ntm import config
from ntm.i18n import DEFAULT_LANGUAGE, catalogue, languages, t

OTHER_LANGUAGES = [lang for lang in languages() if lang != DEFAULT_LANGUAGE]


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_vietnamese_is_the_default_and_english_is_offered():
    assert languages()[0] == "vi"
    assert "en" in languages()


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_language_has_the_same_keys_as_vietnamese(lang):
    reference, other = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    assert sorted(set(reference) - set(other)) == [], "missing"
    assert sorted(set(other) - set(reference)) == [], "not in Vietnamese"


@pytest.mark.parametrize("lang", languages())
def test_no_text_is_empty(lang):
    assert [key for key, text in catalogue(lang).items() if not text.strip()] == []


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_placeholders_match_vietnamese(lang):
    reference, other = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    assert [
        key for key in reference if key in other and _placeholders(reference[key]) != _placeholders(other[key])
    ] == []


def test_text_is_filled_in_and_unknown_language_falls_back_to_vietnamese():
    assert t("overview.target", "vi", year=2025, value="116") == "Mục tiêu 2025: 116"
    assert t("overview.target", "en", year=2025, value="116") == "Target 2025: 116"
    assert t("app.title", "xx") == "Nông thôn mới Kiên Giang"


# --- Every key the code names exists --------------------------------------------------------------

# The application's code (a test naming a missing key fails when it runs).
SOURCE_FOLDERS = ("ntm", "etl", "analytics", "presentation", "ui", "pages", "tools", "bench")
# A text shaped like a key ("criteria.title"); one naming a file ("criteria.csv") or a module ("etl.load") is none.
_KEY_SHAPE = re.compile(r"[a-z_]+(?:\.[a-z0-9_]+)+")
_FILE_SUFFIXES = (".csv", ".sqlite", ".duckdb", ".toml", ".xlsx", ".py")


def _sources() -> list[Path]:
    root = config.PROJECT_ROOT
    return [root / "dashboard.py", *(path for folder in SOURCE_FOLDERS for path in (root / folder).rglob("*.py"))]


def unknown_keys(path: Path, keys: set[str]) -> list[str]:
    """The keys ``path`` names that the catalogue does not have: the text of every ``t("…")``, both
    texts of ``t("…" if … else "…")``, the fixed start of ``t(f"…{…}")`` (some key must start so),
    and any other text shaped like a key of a known section (keys kept in tables and passed on)."""
    sections = {key.split(".")[0] for key in keys}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, formatted, asked = [], set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
            first = node.args[0]
            asked.update(map(id, (first.body, first.orelse) if isinstance(first, ast.IfExp) else (first,)))
        if isinstance(node, ast.JoinedStr):
            formatted.update(id(part) for part in node.values)
            start = node.values[0].value if node.values and isinstance(node.values[0], ast.Constant) else ""
            named = id(node) in asked or start.split(".")[0] in sections
            if named and not any(key.startswith(start) for key in keys):
                found.append(f"{start}…")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in formatted:
            continue
        text = node.value
        if text not in keys and (
            id(node) in asked
            or (
                _KEY_SHAPE.fullmatch(text)
                and text.split(".")[0] in sections
                and not text.endswith(_FILE_SUFFIXES)
                and not _names_a_module(text)
            )
        ):
            found.append(text)
    return found


def _names_a_module(text: str) -> bool:
    return (config.PROJECT_ROOT / (text.replace(".", "/") + ".py")).exists()


def test_every_key_the_code_names_is_in_the_catalogue():
    keys = set(catalogue(DEFAULT_LANGUAGE))
    missing = {path.name: found for path in _sources() if (found := unknown_keys(path, keys))}
    assert missing == {}


def test_a_key_missing_from_the_catalogue_is_found_wherever_the_code_names_it(tmp_path):
    planted = tmp_path / "page.py"
    planted.write_text(
        'TITLES = ("criteria.title", "criteria.no_such_heading")\n'
        't("criterion.met" if met else "criterion.no_such_mark", lang)\n'
        't(f"targets.series_{kind}", lang)\n'
        't(f"targets.no_such_series_{kind}", lang)\n'
        't("leadership.no_results", lang)\n'
        'REFERENCE = "criteria.csv"\n',
        encoding="utf-8",
    )
    assert sorted(unknown_keys(planted, set(catalogue(DEFAULT_LANGUAGE)))) == [
        "criteria.no_such_heading",
        "criterion.no_such_mark",
        "leadership.no_results",
        "targets.no_such_series_…",
    ]


# Software words leaders should not read (issue 16), with what replaced them: "đợt cập nhật số 12",
# "Mức đạt tiêu chí" (groups I–V are "nhóm tiêu chí"), "Các tiêu chí chưa đạt", "Mục tiêu", "gửi chậm".
SOFTWARE_WORDS = ("lần tải #", "Nhóm tiêu chí đạt", "Còn thiếu gì", r"(?<![\w&])MT\b", "nộp trễ")
# The operators' texts (loading, history, accounts, file checks) may speak of loads; no leader reads them.
OPERATORS = ("accounts", "etl", "history", "upload")


def test_no_replaced_software_word_is_left_where_leaders_read():
    read_by_leaders = {
        key: text for key, text in catalogue(DEFAULT_LANGUAGE).items() if key.split(".")[0] not in OPERATORS
    }
    left = {key: word for key, text in read_by_leaders.items() for word in SOFTWARE_WORDS if re.search(word, text)}
    assert left == {}
    assert not [key for key, text in catalogue(DEFAULT_LANGUAGE).items() if "nộp trễ" in text]  # everywhere
    assert not [key for key, text in read_by_leaders.items() if "khen thưởng" in text and "dòng" in text]
