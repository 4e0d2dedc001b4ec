"""Print a fingerprint of everything a Marsad database holds, for before/after comparisons.

    python scripts/db_fingerprint.py marsad.db            # one line per table: rows and a digest
    python scripts/db_fingerprint.py a.db --diff b.db     # exit 1 and name the tables that differ

See marsad.store.fingerprint for what is compared and what is left out (run times).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import create_engine

from marsad.store.fingerprint import fingerprint


def _of(url: str) -> dict[str, tuple[int, str]]:
    return fingerprint(create_engine(url if "://" in url else f"sqlite:///{url}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--diff", metavar="OTHER_DB")
    args = parser.parse_args()
    first = _of(args.db)
    if not args.diff:
        for name, (rows, digest) in first.items():
            print(f"{name:24} {rows:>8} {digest}")
        return 0
    second = _of(args.diff)
    differ = sorted(n for n in set(first) | set(second) if first.get(n) != second.get(n))
    for name in differ:
        print(f"differs: {name}: {first.get(name)} vs {second.get(name)}")
    print("identical" if not differ else f"{len(differ)} tables differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
