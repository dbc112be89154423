"""The national-scale benchmark (issue 8): ``python -m bench``. Not a test: it prints timings
against budgets; tests/test_bench.py runs its small-scale mode only to keep it working."""
