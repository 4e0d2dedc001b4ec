"""`python -m marsad.cli` runs the command line."""

from marsad.cli import main

if __name__ == "__main__":  # worker processes (marsad.workers, spawned) import this module too
    main()
