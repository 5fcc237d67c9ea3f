"""`python -m hintcheck`: the command line."""
from hintcheck.cli import main

main()
