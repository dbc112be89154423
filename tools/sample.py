"""The bundled sample data (data/sample/): a coherent story of the NTM programme, its emulation
movement and the agencies' reports, written as the workbooks offices send, that follows the dated
published figures and invents every per-xã mark; and the new An Giang's first months on the former
Kiên Giang territory. Every sheet says "DỮ LIỆU MẪU". ``python -m etl sample`` runs this."""

from __future__ import annotations

from pathlib import Path

from ntm import config
from tools import sample_an_giang, sample_movement, sample_workbooks


def write_samples(out_dir: Path = config.SAMPLE_DIR) -> list[Path]:
    """Write every sample workbook into out_dir and return their paths in the order to load them."""
    out_dir = Path(out_dir)
    return sample_workbooks.write(out_dir) + sample_movement.write(out_dir) + sample_an_giang.write(out_dir)
