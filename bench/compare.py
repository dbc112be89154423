"""``python -m bench.compare FIRST SECOND``: two runs of the benchmark side by side.

Each file is what a run wrote (docs/bench/latest.json, or its table: latest.md, or the table it
printed). Rows are matched by section, measurement and scale; the result says, row by row, whether
both runs met the budget — "the numbers reproduce" is read off this table, not claimed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

COLUMNS = ["#", "Measurement", "Scale", "Run 1", "Run 2", "Budget", "Run 1", "Run 2"]


def rows(text: str) -> dict[tuple[str, str, str], list[str]]:
    """The run's rows by (section, measurement, scale): [figure, spread, budget, verdict]."""
    if text.lstrip().startswith("{"):
        return {
            (row["section"], row["name"], row["scale"]): [row["figure"], row["spread"], row["budget"], row["verdict"]]
            for row in json.loads(text)["rows"]
        }
    found = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].isdigit():
            found[(cells[0], cells[1], cells[2])] = cells[3:]
    return found


def compare(first: str, second: str) -> str:
    one, two = rows(first), rows(second)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    both_met = budgeted = 0
    for key in [*one, *(key for key in two if key not in one)]:
        a, b = one.get(key), two.get(key)
        budget = (a or b)[2]
        verdicts = [row[3] if row else "missing" for row in (a, b)]
        if budget != "—":
            budgeted += 1
            both_met += verdicts == ["✓", "✓"]
        lines.append("| " + " | ".join([*key, a[0] if a else "—", b[0] if b else "—", budget, *verdicts]) + " |")
    lines += ["", f"{both_met} of {budgeted} budgets met in both runs."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.compare", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("first", type=Path, metavar="FIRST", help="one run's latest.json or table (.md)")
    parser.add_argument("second", type=Path, metavar="SECOND", help="another run's latest.json or table (.md)")
    args = parser.parse_args(argv)
    try:
        first, second = (path.read_text(encoding="utf-8") for path in (args.first, args.second))
    except OSError as error:  # a usage error, said as one: no traceback for a mistyped name
        parser.error(f"cannot read {error.filename}: {error.strerror}")
    print(compare(first, second))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
