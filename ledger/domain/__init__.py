"""The pure domain: events, aggregates, vocabularies and rules. No I/O lives here."""
