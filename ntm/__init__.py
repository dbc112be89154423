"""The kernel both sides build on: configuration, text normalisation, translations, number and
date formatting, administrative units and agencies, the dataset catalogue, reference tables,
reporting periods, the warehouse's schema version and the read-only database connection.

It imports nothing of the project above it (tests/test_layers.py; docs/architecture.md).
"""
