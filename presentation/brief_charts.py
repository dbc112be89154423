"""The brief's chart, drawn with matplotlib into a PNG: printing needs no browser and no Plotly
image engine. The fonts are matplotlib's own DejaVu Serif (every Vietnamese glyph), which the PDF
embeds too, so a brief looks the same on every machine.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ntm import formatting as fmt
from ntm.i18n import t
from presentation.charts import COLOURS, TREND_SERIES

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# fpdf2's style letters -> the DejaVu Serif file of that style.
SERIF = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
# Printed at 16 × 7,5 cm and 200 dpi: sharp on paper, a few tens of kilobytes.
SIZE_INCHES = (6.3, 2.95)
DPI = 200


def trend(trend: pd.DataFrame, targets: pd.DataFrame, lang: str) -> bytes:
    """Xã recognised at each level by year, with each level's target as a marked point."""
    # A Figure of its own, not pyplot's global state: briefs are drawn on the download's thread.
    with matplotlib.rc_context({"font.family": "DejaVu Serif", "font.size": 8}):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
        axes = figure.subplots()
        for measure, status in TREND_SERIES:
            axes.plot(
                trend["year"],
                trend[measure],
                marker="o",
                markersize=3,
                color=COLOURS[status],
                label=t(f"status.{status}", lang),
            )
            for target in targets[targets["measure_code"] == measure].itertuples():
                axes.plot(
                    [target.target_year],
                    [target.target_value],
                    marker="D",
                    markersize=5,
                    linestyle="none",
                    markerfacecolor="white",
                    color=COLOURS[status],
                )
                axes.annotate(
                    t("brief.target_mark", lang, value=fmt.count(target.target_value, lang)),
                    (target.target_year, target.target_value),
                    textcoords="offset points",
                    xytext=(6, -3),
                    fontsize=7,
                    color=COLOURS[status],
                )
        axes.set_ylabel(t("brief.axis_communes", lang))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt.count(value, lang)))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dddddd", linewidth=0.5)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(TREND_SERIES), frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
