"""Storage adapters: chained recorders for SQLite and PostgreSQL, and their configuration."""
