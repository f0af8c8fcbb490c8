"""Privacy by design: subjects without identifiers, sealed free text, retention and disposal."""
