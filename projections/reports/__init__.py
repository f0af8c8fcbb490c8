"""Reports: the library functions the command line and the API call to answer questions.

Each report reads its read models (the only SQL outside the storage adapters
lives in this package and the projections next to it) and hands the rows to
pure functions that decide flags and verdicts, so the rules can be tested on
their own.
"""
