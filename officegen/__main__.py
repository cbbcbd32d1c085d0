"""Lets ``python -m officegen`` work where the console script is not on PATH."""

from officegen.cli import main

if __name__ == "__main__":  # not when a worker process (spawn) imports this module
    main()
