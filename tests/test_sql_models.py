"""Every view of the warehouse (etl/sql/views/) is one file named after it, whose header documents
each column it creates, in order: a reader finds a figure's definition and what it holds without
running it. DuckDB's ``describe`` gives the columns the view really has."""

from __future__ import annotations

import re

import duckdb
import pytest

from ntm import schema

VIEW_FILES = sorted(schema.VIEWS_DIR.glob("*.sql"))
# A column's line in a header: three spaces after "--", then its name (deeper lines continue a description).
COLUMN_LINE = re.compile(r"^-- {3}(\w+)")


def header(text: str) -> list[str]:
    """The comment lines a file starts with."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def documented_columns(text: str) -> list[str]:
    """The column names listed after the header's ``-- Columns:`` line."""
    lines = header(text)
    assert "-- Columns:" in lines, "the header has no '-- Columns:' section"
    listed = lines[lines.index("-- Columns:") + 1 :]
    return [match.group(1) for match in map(COLUMN_LINE.match, listed) if match]


@pytest.fixture(scope="module")
def con(warehouses):
    connection = duckdb.connect(str(warehouses.shared("empty")), read_only=True)
    yield connection
    connection.close()


def test_every_view_is_applied_from_the_views_folder():
    assert VIEW_FILES
    assert set(VIEW_FILES) <= set(schema.sql_files())


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda path: path.name)
def test_each_view_file_defines_the_view_it_is_named_after_and_documents_every_column_it_creates(con, path):
    text = path.read_text(encoding="utf-8")
    number, name = path.stem.split("_", 1)
    assert number.isdigit() and len(number) == 3
    assert schema.VIEW.findall(text) == [name]
    described = [column for column, *_ in con.execute(f"describe {name}").fetchall()]
    assert documented_columns(text) == described


def test_a_header_that_leaves_out_a_column_is_caught():
    text = (schema.VIEWS_DIR / "310_mart_scope_year.sql").read_text(encoding="utf-8")
    without_share = "\n".join(line for line in text.splitlines() if not line.startswith("--   share_ntm"))
    assert "share_ntm" in documented_columns(text)
    assert "share_ntm" not in documented_columns(without_share)
