"""The read side: every figure a page, the brief or the command line shows, selected from the marts
of etl/sql/views/ by scope and year, and the calculations on them (progress toward targets). Plain
functions of the database path returning DataFrames or dicts; no Streamlit, no charts. One module
per concept: overview, criteria, communes, districts, targets (with progress), movement, agency_reports,
units (the administrative units valid on a day).
"""

# The marts give the province's figures under this scope code and a district-level unit's under its
# own code (etl/sql/views/310_mart_scope_year.sql); targets are set on the same codes.
PROVINCE = "province"


def scope_code(district: str | None) -> str:
    """The marts' scope of ``district``: its code, or the province's for None."""
    return district or PROVINCE
