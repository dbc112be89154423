"""Where things are. One place, so the command line, the dashboard and the tests agree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
SQL_DIR = PROJECT_ROOT / "etl" / "sql"
DEFAULT_DB = DATA_DIR / "ntm.duckdb"

# Years the programme's data may carry; anything outside is a typing mistake.
FIRST_YEAR = 2015
LAST_YEAR = 2030
# Recognitions go back to the programme's start (QĐ 800/QĐ-TTg, 2010): older assessment years are real.
FIRST_RECOGNITION_YEAR = 2010

# The largest file an upload may be; NTM_MAX_UPLOAD_MB changes it. The upload page's file chooser
# says and enforces it; the server's own cap on a request (.streamlit/config.toml,
# server.maxUploadSize) must stay above it.
DEFAULT_MAX_UPLOAD_MB = 20
MEGABYTE = 1024 * 1024


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else NTM_DB, else data/ntm.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("NTM_DB")
    return Path(env) if env else DEFAULT_DB


# The body issuing the final review (its header, top left): since 1/7/2025 Kiên Giang's territory is
# An Giang's, whose Sở Nông nghiệp và Môi trường runs the programme. NTM_ISSUER names another
# ("Cơ quan chủ quản — Cơ quan ban hành").
DEFAULT_ISSUER = "UBND TỈNH AN GIANG — SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"


def issuer() -> str:
    """The issuing body of the final review: NTM_ISSUER, else DEFAULT_ISSUER."""
    return os.environ.get("NTM_ISSUER", "").strip() or DEFAULT_ISSUER


def max_upload_bytes() -> int:
    """The upload size limit in bytes: ``$NTM_MAX_UPLOAD_MB`` megabytes, else 20."""
    megabytes = float(os.environ.get("NTM_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB)
    return int(megabytes * MEGABYTE)


def pin_cache_bytes(db: Path) -> int:
    """How much room the working copies of pinned links may take beside the database ``db``
    (``ui.snapshots``): ``$NTM_PIN_CACHE_MB`` megabytes, else the database's own size, so that the
    data folder stays within twice that."""
    megabytes = os.environ.get("NTM_PIN_CACHE_MB")
    return int(float(megabytes) * 1024 * 1024) if megabytes else os.stat(db).st_size


# Untrusted files are read in a worker process (etl/sandbox.py) under these limits, each changed by
# the environment variable beside it. The memory limit is the worker's data memory (RLIMIT_DATA):
# a national workbook (10,000 xã) needs about 350 MB of it.
@dataclass(frozen=True)
class ParseLimits:
    memory_mb: int = 2048  # NTM_PARSE_MEMORY_MB
    cpu_seconds: int = 60  # NTM_PARSE_CPU_SECONDS: processor time for one file
    wall_seconds: float = 120.0  # NTM_PARSE_WALL_SECONDS: time on the clock for one file
    workers: int = 2  # NTM_PARSE_WORKERS: files read at the same time (more wait their turn)


def parse_limits() -> ParseLimits:
    """The worker's limits: ``ParseLimits``' defaults, or the ``NTM_PARSE_*`` variables."""
    defaults = ParseLimits()
    return ParseLimits(
        memory_mb=int(os.environ.get("NTM_PARSE_MEMORY_MB") or defaults.memory_mb),
        cpu_seconds=int(os.environ.get("NTM_PARSE_CPU_SECONDS") or defaults.cpu_seconds),
        wall_seconds=float(os.environ.get("NTM_PARSE_WALL_SECONDS") or defaults.wall_seconds),
        workers=int(os.environ.get("NTM_PARSE_WORKERS") or defaults.workers),
    )
