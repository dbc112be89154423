"""Build the administrative-unit reference files from the GSO lists published on PyPI.

    python -m tools.build_units [--old-wheel PATH] [--check]

Reads the packages of requirements-reference.txt (`.venv/bin/pip install -r requirements-reference.txt`):
- vietnam-provinces 2025.10.1: An Giang's commune-level units from 1/7/2025, with their GSO codes;
- vietnam-address-converter 1.0.5: its table of old unit -> new unit (names, and codes of its own);
and, for the codes of the units before 1/7/2025, the wheel of vietnam-provinces 0.6.0 (the GSO list of
2025-01-04), downloaded with pip unless --old-wheel names it, and checked against its sha256.

Writes into data/reference:
- admin_units.csv: Kiên Giang's units until 30/6/2025, as they are, with their English names added;
- admin_units_2025.csv: the new province's commune-level units, each marked whole/part/none from former Kiên Giang;
- admin_unit_successions.csv: each old unit -> the new unit(s) it became (part of), "whole" or "part".

Writes nothing unless every name of the mapping matches a GSO code; the counts agree with admin_unit_counts.csv;
every new unit was made from old units and carries the code of one of them; and every unit of admin_units.csv is
in the 0.6.0 list under the same name and district and became part of a new unit.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ntm import config
from ntm.text import clean, tone_key

OLD_LIST_REQUIREMENT = "vietnam-provinces==0.6.0"
OLD_LIST_SHA256 = "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815"
RESOLUTION = "Nghị quyết 1654/NQ-UBTVQH15 (16/6/2025)"
# Territory codes of territories.csv.
OLD_PROVINCE, NEW_PROVINCE, FORMER_TERRITORY = "kien_giang", "an_giang", "former_kien_giang"


class BuildError(Exception):
    """The packages' data disagree with themselves or with the declared facts: nothing is written."""


@dataclass(frozen=True)
class OldUnit:
    province_code: int
    province_name: str
    district_code: int
    district_name: str
    code: int
    name: str


@dataclass(frozen=True)
class NewUnit:
    code: int
    name: str
    unit_type: str


@dataclass(frozen=True)
class Sources:
    old_list: str
    new_list: str
    mapping: str


def read_reference(file_name: str) -> list[dict[str, str]]:
    with open(config.REFERENCE_DIR / file_name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ascii_fold(text: str) -> str:
    """'Thứ Ba' -> 'Thu Ba': case kept, marks dropped, đ -> d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class UnitTypes:
    """admin_unit_types.csv: the word that starts a unit's name, and its English form."""

    def __init__(self, rows: list[dict[str, str]]):
        self.rows = {row["unit_type"]: row for row in rows}

    def of_name(self, name: str, level: str) -> str:
        lowered = clean(name).lower()
        found = [t for t, row in self.rows.items() if row["level"] == level and lowered.startswith(f"{t} ")]
        if len(found) != 1:
            raise BuildError(f"{name!r}: no {level}-level unit type of admin_unit_types.csv starts the name")
        return found[0]

    def english_name(self, name: str, unit_type: str) -> str:
        """'Xã An Biên' -> 'An Bien Commune': the bare name, ASCII-folded, then the type's English word."""
        name = clean(name)
        if not name.lower().startswith(f"{unit_type} "):
            raise BuildError(f"{name!r} does not start with its unit type {unit_type!r}")
        return f"{ascii_fold(name[len(unit_type) + 1 :])} {self.rows[unit_type]['name_en']}"


def commune_code(code: int) -> str:
    return f"{code:05d}"


def district_code(code: int) -> str:
    return f"{code:03d}"


def name_path(*names: str) -> tuple[str, ...]:
    return tuple(tone_key(name) for name in names)


def download_old_wheel(folder: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            OLD_LIST_REQUIREMENT,
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(folder),
        ],
        check=True,
    )
    return next(folder.glob("vietnam_provinces-0.6.0-*.whl"))


def read_old_list(wheel: Path) -> tuple[list[OldUnit], str]:
    """Every commune-level unit of the 0.6.0 wheel, and its description for the source columns."""
    if hashlib.sha256(wheel.read_bytes()).hexdigest() != OLD_LIST_SHA256:
        raise BuildError(f"{wheel.name}: not the wheel of {OLD_LIST_REQUIREMENT} (sha256 differs)")
    with zipfile.ZipFile(wheel) as archive:
        provinces = json.loads(archive.read("vietnam_provinces/data/nested-divisions.json"))
        init = archive.read("vietnam_provinces/__init__.py").decode()
    data_version = re.search(r"__data_version__ = '([^']+)'", init).group(1)
    units = [
        OldUnit(p["code"], p["name"], d["code"], d["name"], w["code"], w["name"])
        for p in provinces
        for d in p["districts"]
        for w in d["wards"]
    ]
    return units, f"vietnam-provinces 0.6.0 (GSO list {data_version})"


def read_new_list(province_code: int, province_name: str, types: UnitTypes) -> tuple[list[NewUnit], str]:
    import vietnam_provinces
    from vietnam_provinces import Province, ProvinceCode, Ward

    province = Province.from_code(ProvinceCode(province_code))
    if tone_key(f"{province.division_type.value} {province.name}") != tone_key(province_name):
        raise BuildError(f"province {province_code} is {province.name!r} in vietnam-provinces, not {province_name!r}")
    units = [
        NewUnit(ward.code.value, clean(ward.name), ward.division_type.value)
        for ward in Ward.iter_by_province(province.code)
    ]
    for unit in units:
        if unit.unit_type not in types.rows:
            raise BuildError(f"{unit.name}: unit type {unit.unit_type!r} is not in admin_unit_types.csv")
    source = f"vietnam-provinces {vietnam_provinces.__version__} (GSO list {vietnam_provinces.__data_version__})"
    return units, source


def read_mapping() -> tuple[list[dict], str]:
    import vietnam_address_converter
    from vietnam_address_converter.data import DEFAULT_DATA

    mapping = DEFAULT_DATA["mapping"]
    meta = mapping["meta"]
    source = (
        f"vietnam-address-converter {vietnam_address_converter.__version__} "
        f"({meta['source']}, {meta['row_count']} rows)"
    )
    return mapping["rows"], source


@dataclass
class Build:
    successions: list[tuple[OldUnit, NewUnit, str]]  # (old, new, extent)
    new_units: list[NewUnit]
    former_kien_giang: dict[int, str]  # new code -> whole | part | none


def match(
    old_units: list[OldUnit],
    new_units: list[NewUnit],
    mapping: list[dict],
    new_province_name: str,
    old_province_code: int,
) -> Build:
    """The mapping's rows into An Giang, by name, onto GSO codes (the converter's own codes are not GSO's)."""
    old_by_path: dict[tuple[str, ...], list[OldUnit]] = defaultdict(list)
    for unit in old_units:
        old_by_path[name_path(unit.province_name, unit.district_name, unit.name)].append(unit)
    new_by_name = {tone_key(unit.name): unit for unit in new_units}
    destinations: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for row in mapping:  # across the country: part of an old unit may have gone to another province
        old = row["old"]
        destinations[name_path(old["province_name"], old["district_name"], old["ward_name"])].add(
            name_path(row["new"]["province_name"], row["new"]["ward_name"])
        )

    problems: list[str] = []
    pairs: dict[tuple[int, int], tuple[OldUnit, NewUnit, str]] = {}
    for row in mapping:
        if tone_key(row["new"]["province_name"]) != tone_key(new_province_name):
            continue
        old_path = name_path(row["old"]["province_name"], row["old"]["district_name"], row["old"]["ward_name"])
        olds, new = old_by_path.get(old_path, []), new_by_name.get(tone_key(row["new"]["ward_name"]))
        if len(olds) != 1:
            problems.append(f"{len(olds)} units of the 0.6.0 list named {' / '.join(old_path)}")
            continue
        if new is None:
            problems.append(f"no unit of {new_province_name} named {row['new']['ward_name']}")
            continue
        old = olds[0]
        pairs[old.code, new.code] = (old, new, "part" if len(destinations[old_path]) > 1 else "whole")
    if problems:
        raise BuildError("\n".join(problems))

    successions = sorted(pairs.values(), key=lambda s: (s[0].code, s[1].code))
    made_of: dict[int, list[OldUnit]] = defaultdict(list)
    for old, new, _ in successions:
        made_of[new.code].append(old)
    former: dict[int, str] = {}
    for unit in new_units:
        if unit.code not in {old.code for old in made_of[unit.code]}:
            problems.append(
                f"{unit.code} {unit.name}: not the code of any unit it was made from "
                f"({[old.code for old in made_of[unit.code]]})"
            )
        from_old_province = [old.province_code == old_province_code for old in made_of[unit.code]]
        former[unit.code] = "whole" if all(from_old_province) else "part" if any(from_old_province) else "none"
    if problems:
        raise BuildError("\n".join(problems))
    return Build(successions, sorted(new_units, key=lambda u: u.code), former)


def check_old_province(
    admin_units: list[dict[str, str]], old_units: list[OldUnit], province_code: int, build: Build
) -> None:
    """admin_units.csv is the 0.6.0 list of the province, and each of its units became (part of) a new one."""
    listed = {commune_code(u.code): u for u in old_units if u.province_code == province_code}
    problems = [
        f"admin_units.csv: {row['commune_code']} {row['commune_name']} differs from the 0.6.0 list"
        for row in admin_units
        if (unit := listed.get(row["commune_code"])) is None
        or (clean(unit.name), district_code(unit.district_code), clean(unit.district_name))
        != (row["commune_name"], row["district_code"], row["district_name"])
    ]
    missing = set(listed) - {row["commune_code"] for row in admin_units}
    problems += [f"admin_units.csv lacks {code} {listed[code].name} of the 0.6.0 list" for code in sorted(missing)]
    mapped = {commune_code(old.code) for old, _, _ in build.successions}
    problems += [
        f"{row['commune_code']} {row['commune_name']}: in no new unit"
        for row in admin_units
        if row["commune_code"] not in mapped
    ]
    if problems:
        raise BuildError("\n".join(problems))


def check_counts(build: Build, counts: list[dict[str, str]], valid_from: str) -> list[str]:
    """The new units by type against admin_unit_counts.csv; returns the lines of the report."""
    selections = {
        NEW_PROVINCE: build.new_units,
        FORMER_TERRITORY: [u for u in build.new_units if build.former_kien_giang[u.code] != "none"],
    }
    problems, report = [], []
    for row in counts:
        if row["as_of"] != valid_from or row["territory_code"] not in selections:
            problems.append(f"admin_unit_counts.csv: no list built for {row['territory_code']} on {row['as_of']}")
            continue
        found = Counter(u.unit_type for u in selections[row["territory_code"]])[row["unit_type"]]
        line = f"{row['territory_code']} {row['unit_type']}: {found} (declared {row['units']})"
        report.append(line)
        if found != int(row["units"]):
            problems.append(line)
    if problems:
        raise BuildError("\n".join(problems))
    return report


def admin_units_text(admin_units: list[dict[str, str]], types: UnitTypes) -> str:
    rows = [
        row
        | {
            "district_name_en": types.english_name(row["district_name"], row["district_kind"]),
            "commune_name_en": types.english_name(row["commune_name"], row["unit_type"]),
        }
        for row in admin_units
    ]
    return csv_text(rows)


def new_units_text(build: Build, territory: dict[str, str], types: UnitTypes, source: str) -> str:
    rows = [
        {
            "commune_code": commune_code(u.code),
            "commune_name": u.name,
            "unit_type": u.unit_type,
            "commune_name_en": types.english_name(u.name, u.unit_type),
            "province_code": territory["province_code"],
            "province_name": territory["name_vi"],
            "valid_from": territory["valid_from"],
            "valid_to": "",
            "former_kien_giang": build.former_kien_giang[u.code],
            "legal_basis": RESOLUTION,
            "source": source,
        }
        for u in build.new_units
    ]
    return csv_text(rows)


def successions_text(build: Build, types: UnitTypes, valid_from: str, sources: Sources) -> str:
    source = f"{sources.mapping}; codes: {sources.old_list}, {sources.new_list}"
    rows = [
        {
            "old_province_code": str(old.province_code),
            "old_province_name": clean(old.province_name),
            "old_district_code": district_code(old.district_code),
            "old_district_name": clean(old.district_name),
            "old_code": commune_code(old.code),
            "old_name": clean(old.name),
            "old_unit_type": types.of_name(old.name, "commune"),
            "new_code": commune_code(new.code),
            "new_name": new.name,
            "extent": extent,
            "effective_date": valid_from,
            "legal_basis": RESOLUTION,
            "source": source,
        }
        for old, new, extent in build.successions
    ]
    return csv_text(rows)


def csv_text(rows: list[dict[str, str]]) -> str:
    """The rows as CSV, columns in the order of the first row's keys."""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build_files(old_wheel: Path) -> tuple[dict[str, str], list[str]]:
    """The three files' texts by name, and the lines of the report."""
    types = UnitTypes(read_reference("admin_unit_types.csv"))
    territories = {row["territory_code"]: row for row in read_reference("territories.csv")}
    old_province, new_province = territories[OLD_PROVINCE], territories[NEW_PROVINCE]
    admin_units = read_reference("admin_units.csv")

    old_units, old_source = read_old_list(old_wheel)
    new_units, new_source = read_new_list(int(new_province["province_code"]), new_province["name_vi"], types)
    mapping, mapping_source = read_mapping()
    build = match(old_units, new_units, mapping, new_province["name_vi"], int(old_province["province_code"]))
    check_old_province(admin_units, old_units, int(old_province["province_code"]), build)
    report = check_counts(build, read_reference("admin_unit_counts.csv"), new_province["valid_from"])
    split = [(old, new) for old, new, extent in build.successions if extent == "part"]
    report.append(f"old units in several new units: {len({old.code for old, _ in split})}")
    report += [f"  {old.code} {old.name} -> {new.name}" for old, new in split]

    sources = Sources(old_source, new_source, mapping_source)
    files = {
        "admin_units.csv": admin_units_text(admin_units, types),
        "admin_units_2025.csv": new_units_text(build, new_province, types, new_source),
        "admin_unit_successions.csv": successions_text(build, types, new_province["valid_from"], sources),
    }
    return files, report


def write_atomically(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.build_units", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--old-wheel", type=Path, help=f"the wheel of {OLD_LIST_REQUIREMENT} (default: downloaded with pip)"
    )
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as folder:
            wheel = args.old_wheel or download_old_wheel(Path(folder))
            files, report = build_files(wheel)
    except ImportError as error:
        print(f"{error}: install requirements-reference.txt first", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"Nothing written:\n{error}", file=sys.stderr)
        return 1
    print("\n".join(report))
    return write_or_check(files, args.check)


def write_or_check(files: dict[str, str], check: bool) -> int:
    """Write each reference file (name -> text), or with ``check`` only say which differ (exit code 1)."""
    paths = {config.REFERENCE_DIR / name: text for name, text in files.items()}
    if check:
        stale = [path.name for path, text in paths.items() if not path.exists() or path.read_text("utf-8") != text]
        print(f"differ from the build: {', '.join(stale)}" if stale else "the committed files are the build's")
        return 1 if stale else 0
    for path, text in paths.items():
        write_atomically(path, text)
        print(f"wrote {path.relative_to(config.PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
