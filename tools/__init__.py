"""Developers' tools, run by hand or by `python -m etl sample`: the sample workbooks' generator
and the builders of reference files (python -m tools.<name>). The dashboard never imports them.
"""
