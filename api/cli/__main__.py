"""``python -m api.cli`` runs the command line (as the ``sharing-ledger`` script does)."""

from api.cli.main import main

main()
