"""`make bench`: server time, SQL queries and relative throughput of the key pages.

Run with `python -m bench`. Every module `bench/bench_*.py` is discovered; see core.py for
what such a module may define, and docs/performance.md for the figures.
"""
