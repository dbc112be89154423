"""The read side: every figure a page, the brief or the command line shows, selected from the marts
of etl/sql/views/ by scope and year, and the calculations on them (progress toward targets). Plain
functions of the database path returning DataFrames or dicts; no Streamlit, no charts. One module
per concept: overview, criteria, communes, districts, targets (with progress), movement, agency_reports,
units (the administrative units valid on a day, what a unit became).
"""

import re

# The scopes the marts give figures for (etl/sql/views/212_scope_commune.sql), named one way
# everywhere (pages, the command line, targets): the province as it was that year, the former Kiên
# Giang territory ("Địa bàn tỉnh Kiên Giang (cũ)"), and a district-level unit by its code (valid
# until 30/6/2025).
PROVINCE = "province"
FORMER_KIEN_GIANG = "former_kien_giang"
NAMED_SCOPES = (PROVINCE, FORMER_KIEN_GIANG)
# Targets may also be national ones, as reported (65 % of xã NTM by 2030): benchmarks the province's
# values are compared with (etl/sql/views/331_mart_target.sql), not a scope with figures of its own.
NATIONAL = "national"
_DISTRICT_CODE = re.compile(r"[0-9]{3}")


def scope_code(scope: str | None) -> str:
    """The marts' code of ``scope``: None means the province; a district's code or a named scope
    stands as it is. Anything else is not a scope (ValueError)."""
    if scope is None:
        return PROVINCE
    if scope in NAMED_SCOPES or _DISTRICT_CODE.fullmatch(scope):
        return scope
    raise ValueError(f"not a scope: {scope!r}")


def is_district(scope: str | None) -> bool:
    """Whether ``scope`` is a district-level unit's code (not the province, the former territory or
    the nation)."""
    return scope is not None and _DISTRICT_CODE.fullmatch(scope) is not None
