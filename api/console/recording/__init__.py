"""The console's recording forms: rights requests, restrictions, rectifications, objections.

Each form records one ledger entry through the API's own commands, attributed
to the signed-in principal (see :mod:`api.console.recording.flow`).
"""
