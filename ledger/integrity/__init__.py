"""Integrity: the hash chain over stored entries and its verification (pure, no I/O)."""
