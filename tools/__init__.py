"""Tools for developers, outside the production code paths: the sample workbooks' generator and the
builders of reference files. They may use any layer below them.
"""
