"""The read side: every figure a page, the brief or the command line shows, selected from the marts
of etl/sql/ by scope and year, and the calculations on them (progress toward targets). Plain
functions of the database path returning DataFrames or dicts; no Streamlit, no charts.
"""
