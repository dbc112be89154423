"""datasets.toml holds nothing that nothing reads: the catalogue refuses a key it does not read, and
every word table it accepts is asked for by the code."""

from __future__ import annotations

import ast
import re

import pytest

from ntm import config
from ntm.catalogue import SPEC_FILE, VOCABULARIES, read_spec


def declarations_with(tmp_path, after: str, added: str):
    """A copy of datasets.toml with ``added`` on the line after ``after``."""
    text = SPEC_FILE.read_text(encoding="utf-8")
    assert after in text
    copy = tmp_path / "datasets.toml"
    copy.write_text(text.replace(after, f"{after}\n{added}", 1), encoding="utf-8")
    return copy


def test_the_declared_datasets_load_with_every_key_read():
    assert "criteria" in read_spec(SPEC_FILE).datasets


@pytest.mark.parametrize(
    ("after", "added", "named"),
    [
        ("[datasets.criteria]", 'hints = ["tieu chi"]', "datasets.criteria.hints"),
        (
            "[datasets.targets.columns]",
            'scope2 = { aliases = ["Phạm vi"], requried = true }',
            "datasets.targets.columns.scope2.requried",
        ),
        ("[marks]", 'maybe = ["?"]', "marks.maybe"),
        ("[agencies]", "most_groups_in_a_cell = 3", "agencies.most_groups_in_a_cell"),
    ],
)
def test_a_key_nothing_reads_is_refused_when_the_catalogue_loads(tmp_path, after, added, named):
    with pytest.raises(ValueError, match=re.escape(f"nothing reads {named}")):
        read_spec(declarations_with(tmp_path, after, added))


def test_a_column_naming_a_range_declared_nowhere_is_refused(tmp_path):
    copy = declarations_with(tmp_path, "[datasets.tasks.ranges]", 'issued = "programme_days"')
    with pytest.raises(
        ValueError, match=re.escape("tasks.ranges.issued names a range declared nowhere: programme_days")
    ):
        read_spec(copy)


def test_every_word_table_the_catalogue_accepts_is_asked_for_by_the_code():
    asked = set()
    for folder in ("ntm", "etl", "analytics", "presentation"):
        for path in (config.PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("words", "vocabulary")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    asked.add(node.args[0].value)
    assert asked == VOCABULARIES
