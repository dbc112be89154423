"""Which SQL the published warehouse was built from (etl/sql/), and whether a file matches this code.

Marts marked ``-- materialised`` in etl/sql/ are published as tables of their rows; each table notes
the fingerprint of the SQL it was built from. The writer uses this to keep marts a load cannot change;
readers use it to notice a file made by an older version (``outdated``), which ``python -m etl init``
brings up to date.
"""

from __future__ import annotations

import hashlib
import re

import duckdb

from ntm import config

TABLES_DIR = config.SQL_DIR / "tables"
# The reference tables, replaced as a whole by ``init`` (and made anew when their shape changes).
REFERENCE_SQL = TABLES_DIR / "11_reference.sql"
# One view per file, named after it and numbered after every view it reads: staging (1xx), core
# (2xx), the NTM marts (3xx), the emulation movement's (4xx), the agencies' (5xx).
VIEWS_DIR = config.SQL_DIR / "views"


def sql_files() -> list:
    """The SQL files in the order they are applied: the tables, then the views, each by number."""
    return [*sorted(TABLES_DIR.glob("[0-9][0-9]_*.sql")), *sorted(VIEWS_DIR.glob("[0-9][0-9][0-9]_*.sql"))]


# A view whose header has a line ``-- materialised`` is published as a table of its rows: the pages
# read national-scale marts in milliseconds instead of recomputing them on every view (issue 8).
# Inside a write the views are live (a load compares with, and rollbacks read, the current rows);
# just before it commits, the write rebuilds the tables of those built on what it wrote and puts
# the others back as they were published (``transaction``'s ``writes``).
_MATERIALISED = re.compile(r"^-- materialised\b.*?^create or replace view (\w+)", re.MULTILINE | re.DOTALL)


def materialised_views() -> list[str]:
    """The views published as tables, in the order they are defined (a view may use an earlier one)."""
    return [name for path in sql_files() for name in _MATERIALISED.findall(path.read_text(encoding="utf-8"))]


VIEW = re.compile(r"^create or replace view (\w+)", re.MULTILINE)


_VIEW_BODY = re.compile(r"^create or replace view (\w+) as\b(.*?)(?=^create |\Z)", re.MULTILINE | re.DOTALL)


def view_reads() -> dict[str, set[str]]:
    """Each view -> every name its definition mentions, with those of the views it reads: every
    table it reads among them (other words too, which at worst rebuild a mart that was unchanged)."""
    mentions = {
        name: set(re.findall(r"\w+", body.lower()))
        for path in sql_files()
        for name, body in _VIEW_BODY.findall(path.read_text(encoding="utf-8"))
    }

    def reads(name: str, seen: set[str]) -> set[str]:
        seen.add(name)
        found = set(mentions[name])
        for other in mentions[name] & mentions.keys() - seen:
            found |= reads(other, seen)
        return found

    return {name: reads(name, set()) for name in mentions}


def sql_fingerprint() -> str:
    """Which SQL the marts are built from: a mart built by other code is rebuilt, never kept."""
    digest = hashlib.sha256()
    for path in sql_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def outdated(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the published file ``con`` has open (its current database) holds marts built from
    other SQL than this code's — a file made by an older version, whose pages would miss a mart or
    read an old shape. ``init`` brings it up to date and keeps its facts."""
    published, source = built_from(con), sql_fingerprint()
    return any(published.get(name) != source for name in materialised_views())


def built_from(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Each table of the open file -> the fingerprint of the SQL it was built from (its comment)."""
    return dict(
        con.execute(
            "select table_name, comment from duckdb_tables()"
            " where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    )
