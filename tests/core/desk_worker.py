"""A desk in its own process: scans codes from a file and prints one JSON line per verdict.

Run by the multi-process and crash tests; each printed line is a check-in the desk reported.
"""

import json
import sys

from coprod_events.core.checkin import check_in
from coprod_events.core.store import Store


def main(db_path: str, event: str, codes_path: str, station: str) -> None:
    codes = open(codes_path, encoding="utf-8").read().split()
    errors = 0
    with Store(db_path) as store:
        for code in codes:
            try:
                verdict = check_in(store, event, code, station=station)
            except Exception as error:  # counted and reported, never hidden
                errors += 1
                print(json.dumps({"error": repr(error)}), flush=True)
                continue
            print(json.dumps({"id": verdict.checkin_id, "code": code,
                              "admitted": verdict.admitted, "reason": verdict.reason}), flush=True)
    print(json.dumps({"done": True, "errors": errors}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
