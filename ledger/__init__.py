"""Sharing Ledger: a hash-chained, event-sourced audit ledger of information sharing."""
