"""Lets ``python -m officegen`` work where the console script is not on PATH."""

from officegen.cli import main

main()
