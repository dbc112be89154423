"""The benchmark's rows and the table it prints: each figure the median of several runs, its
spread (fastest–slowest), the budget and whether it is met."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Row:
    section: str  # 1 … 8, the numbering
    name: str
    scale: str
    figure: str
    spread: str
    budget: str = "—"
    met: bool | None = None  # None: no budget for this row

    @property
    def verdict(self) -> str:
        return {True: "✓", False: "✗", None: ""}[self.met]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def seconds(value: float) -> str:
    return f"{value:,.2f} s"


def size(n_bytes: float) -> str:
    return f"{n_bytes / 1024:,.0f} KB" if n_bytes < 1024 * 1024 else f"{n_bytes / 1024 / 1024:,.2f} MB"


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], unit=ms) -> str:
    return f"{unit(min(values))} – {unit(max(values))}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: with few samples p95 is the slowest, never an interpolation."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def table(rows: list[Row]) -> str:
    head = ["#", "Measurement", "Scale", "Figure (median)", "Spread", "Budget", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row.section, row.name, row.scale, row.figure, row.spread, row.budget, row.verdict]
        lines.append("| " + " | ".join(cells) + " |")
    missed = sum(row.met is False for row in rows)
    budgeted = sum(row.met is not None for row in rows)
    lines.append("")
    lines.append(f"{budgeted - missed} of {budgeted} budgets met.")
    return "\n".join(lines)


def machine() -> str:
    """The processor, its cores and the load when the run ended: what makes two runs comparable."""
    model = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), platform.machine()
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"


def _cpuinfo() -> list[str]:
    path = Path("/proc/cpuinfo")
    return path.read_text().splitlines() if path.exists() else []


def write(rows: list[Row], markdown: Path, about: dict[str, str]) -> Path:
    """The table at ``markdown`` (what it ran, on what, then the rows) and its rows as JSON beside it
    (same name, .json), for ``python -m bench.compare``."""
    markdown.parent.mkdir(parents=True, exist_ok=True)
    heading = "\n".join(f"- {key}: {value}" for key, value in about.items())
    markdown.write_text(f"# Benchmark run\n\n{heading}\n\n{table(rows)}\n", encoding="utf-8")
    record = {"about": about, "rows": [{**asdict(row), "verdict": row.verdict} for row in rows]}
    markdown.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return markdown
