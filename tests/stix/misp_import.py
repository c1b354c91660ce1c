"""Reads a STIX 2.1 bundle into MISP events with MISP's own importer (misp-stix), with no
MISP server, and prints {"events": [each event as MISP would store it], "errors": [...],
"warnings": [...]} as JSON on stdout: one event per report, as misp-stix does by default.

Usage: python misp_import.py BUNDLE.json

tests/stix.rs runs it with the venv `.ci/run` makes (target/stix-venv), on what
`brief export --format stix` writes.
"""

import json
import sys
import tempfile
from pathlib import Path

from misp_stix_converter import stix_2_to_misp


def main(bundle: str) -> int:
    with tempfile.TemporaryDirectory() as out:
        # misp-stix's entry point for a file, as `misp_stix_converter stix2misp` runs it
        # with its defaults: an event per report, each written into `out`.
        result = stix_2_to_misp(Path(bundle), output_dir=out, debug=True)
        written = [Path(f) for f in result.get("results", [])]
        events = [json.loads(f.read_text()) for f in written]
    print(
        json.dumps(
            {
                "events": events,
                "errors": _messages(result.get("errors")),
                "warnings": _messages(result.get("warnings")),
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
    )
    return 0 if events else 1


def _messages(found) -> list:
    """misp-stix gives errors and warnings as a list, or by file as a dict of lists."""
    if not found:
        return []
    if isinstance(found, dict):
        return [str(m) for messages in found.values() for m in messages]
    return [str(m) for m in found]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
