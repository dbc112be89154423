"""Read side of the NTM dashboard: queries, charts, translations, formatting and URL state.

Also home to what the ETL and the pages share: paths, the reference catalogue and text matching.
"""
