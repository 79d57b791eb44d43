"""``python -m copcwb`` is the ``copcwb`` command."""

from copcwb.cli import main

main()
