"""Is the PostgreSQL server for the second test run reachable?

Exit 0: yes. Exit 1: no, and the run is skipped with a visible reason. Exit 2: no, but
HIRAKU_REQUIRE_POSTGRES=1 (CI) says it must be, so the suite fails.
"""

import os
import sys

import psycopg


def main() -> int:
    url = os.environ.get("HIRAKU_TEST_POSTGRES_URL", "")
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            version = connection.execute("show server_version").fetchone()[0]
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if os.environ.get("HIRAKU_REQUIRE_POSTGRES") == "1":
            print(f"PostgreSQL required but not reachable at {url}: {reason}", file=sys.stderr)
            return 2
        print(
            f"\n*** SKIPPED: the PostgreSQL test run. No server reachable at {url} ({reason}).\n"
            "*** Start one (see README, 'Tests') or set HIRAKU_TEST_POSTGRES_URL.\n"
        )
        return 1
    print(f"PostgreSQL {version} reachable: running the database tests again on it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
