"""The service layer: every use case, called alike by the command line, the HTTP API and
the console. The one place that wires dependencies is :mod:`api.service.composition`.

======================  ===========================================================
``composition``         opens the store and builds the ledger, read models, principals
``commands``            named commands (JSON) decided by the domain, appended all or nothing
``group_commit``        concurrent appends sharing one database transaction
``recorded_reads``      reading a person's history: the read recorded, justifications opened
``disposal``            ending a subject's retention: evidence appended, keys destroyed
``log_signing``         checkpoints issued and kept, cosignatures, checks against one held outside
``receipt_filing``      partner keys and signed share receipts
``scope_selection``     which aggregates a scope concerns, read from the ledger (never a read model)
``evidence_export``     an investigator's bundle for one subject, restriction or partner
======================  ===========================================================
"""
