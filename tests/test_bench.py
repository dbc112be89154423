"""The benchmark (``python -m bench``, issue 8) in its small-scale mode, so that it cannot rot:
it must still build its synthetic warehouse, measure everything and print a row for each
measurement. Timings are never asserted: the figures are the benchmark's business."""

from __future__ import annotations

import concurrent.futures
import socket

import pytest

from bench import pages, query_timing
from bench.__main__ import main
from bench.compare import main as compare_main
from bench.compare import rows as compare_rows
from bench.report import Row, write


def _two_free_ports() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise RuntimeError("no two consecutive free ports")


@pytest.mark.slow
def test_quick_benchmark_prints_and_writes_a_row_for_every_measurement_page_and_query(capsys, tmp_path):
    written = tmp_path / "latest.md"
    # In a thread of its own: a browser test earlier in the session leaves Playwright's event loop
    # in this one, where its synchronous API refuses to start again.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        run = worker.submit(main, ["--quick", "--port", str(_two_free_ports()), "--out", str(written)])
        assert run.result() == 0
    printed = capsys.readouterr().out
    lines = [line for line in printed.splitlines() if line.startswith("| ")]
    sections = {line.split(" | ")[0].removeprefix("| ") for line in lines[1:]}
    assert sections == {str(n) for n in range(1, 11)}
    assert printed.strip() in written.read_text(encoding="utf-8")
    assert compare_rows(written.with_suffix(".json").read_text(encoding="utf-8")) == compare_rows(printed)
    for path in pages.measured_pages():
        name = path.removeprefix("pages/").removesuffix(".py")
        assert f"page `{name}` AppTest run, cold caches" in printed
        assert f"page `{name}` Plotly figures sent" in printed
    for function in query_timing.discover():
        query = f"{function.__module__.split('.')[-1]}.{function.__name__}"
        for kind in ("uncached", "cached"):
            assert sum(f"`{query}` {kind} |" in line for line in lines) == 2, query  # at both scales
    assert "budgets met." in printed


def test_compare_reads_two_written_runs_row_by_row(tmp_path, capsys):
    first = [Row("2", "load", "10,000 xã", "1.90 s", "—", "≤ 2 s", True), Row("10", "memory", "1 process", "1 GB", "—")]
    second = [Row("2", "load", "10,000 xã", "2.10 s", "—", "≤ 2 s", False)]
    about = {"command": "python -m bench", "machine": "test"}
    paths = [write(rows, tmp_path / name / "latest.md", about) for name, rows in (("a", first), ("b", second))]
    assert compare_main([str(paths[0].with_suffix(".json")), str(paths[1])]) == 0
    shown = capsys.readouterr().out
    assert "| 2 | load | 10,000 xã | 1.90 s | 2.10 s | ≤ 2 s | ✓ | ✗ |" in shown
    assert "| 10 | memory | 1 process | 1 GB | — | — |  | missing |" in shown
    assert shown.strip().endswith("0 of 1 budgets met in both runs.")


def test_compare_help_describes_its_arguments(capsys):
    with pytest.raises(SystemExit) as done:
        compare_main(["--help"])
    assert done.value.code == 0
    assert "FIRST" in capsys.readouterr().out


def test_compare_puts_two_runs_side_by_side_and_counts_budgets_met_in_both():
    from bench.compare import compare

    header = "| # | Measurement | Scale | Figure (median) | Spread | Budget |  |\n|---|---|---|---|---|---|---|\n"
    unbudgeted = "| 1 | calamine | 10,000 xã | 230 ms | — | — |  |"
    first = header + "| 2 | load | 10,000 xã | 1.90 s | 1.8 s – 2.0 s | ≤ 2 s | ✓ |\n" + unbudgeted
    second = header + "| 2 | load | 10,000 xã | 2.10 s | 2.0 s – 2.2 s | ≤ 2 s | ✗ |\n" + unbudgeted
    table = compare(first, second)
    assert "| 2 | load | 10,000 xã | 1.90 s | 2.10 s | ≤ 2 s | ✓ | ✗ |" in table
    assert table.endswith("0 of 1 budgets met in both runs.")


def test_the_synthetic_warehouse_reads_each_year_under_its_own_set_and_units_across_the_rearrangement(tmp_path):
    from bench import synthetic
    from etl import warehouse

    db = synthetic.build(tmp_path / "ntm.duckdb", 30, 11)
    con = warehouse.read_only(db)
    try:
        years = con.execute(
            """select r.year, count(distinct r.criterion_no), count(distinct r.commune_code),
                      count(distinct c.district_code), min(c.commune_code)
               from criterion_result r join commune c using (commune_code) group by all order by r.year"""
        ).fetchall()
        successions = con.execute("select count(*) from unit_succession").fetchone()[0]
    finally:
        con.close()
    assert [year for year, *_ in years] == list(range(2020, 2031))
    assert {(criteria, communes) for _, criteria, communes, _, _ in years} == {(19, 30), (10, 30)}
    for year, criteria, _, districts, first_code in years:
        before = year <= synthetic.LAST_DISTRICT_YEAR
        assert (criteria, districts > 0, first_code) == (
            (19, True, f"{synthetic.FIRST_CODE}") if before else (10, False, f"{synthetic.NEW_FIRST_CODE}")
        ), year
    assert successions == 30
