#!/usr/bin/env python3
"""Fails when a module includes a header of a module it may not depend on.

The allowed edges are DESIGN.md section 1's map: a module may include headers of
itself and of the modules to its left, never of one above it. Binaries, benchmarks,
examples and tests may include anything.
"""
import pathlib
import re
import sys

ALLOWED = {
    "common": {"common"},
    "model": {"common", "model"},
    "commitlog": {"common", "model", "commitlog"},
    "sstable": {"common", "model", "sstable"},
    "storage": {"common", "model", "commitlog", "sstable", "storage"},
    "net": {"common", "net"},
    "gossip": {"common", "net", "gossip"},
    "cluster": {"common", "model", "commitlog", "sstable", "storage", "net", "gossip", "cluster"},
    "cql": {"common", "model", "commitlog", "sstable", "storage", "net", "gossip", "cluster", "cql"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/')


def violations(root: pathlib.Path):
    for module, allowed in ALLOWED.items():
        folder = root / module
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".h", ".cc", ".hpp", ".cpp"):
                continue
            for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if m and m.group(1) in ALLOWED and m.group(1) not in allowed:
                    yield f"{path.relative_to(root)}:{lineno}: {module}/ may not include {m.group(1)}/ ({line.strip()})"


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    if len(sys.argv) > 2 and sys.argv[2] == "--self-test":
        return self_test()
    found = list(violations(root))
    for v in found:
        print(v)
    print(f"layering: {len(found)} violation(s)")
    return 1 if found else 0


def self_test() -> int:
    """Proves the check can fail: a fake tree where model/ includes storage/."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        bad = pathlib.Path(d) / "model"
        bad.mkdir()
        (bad / "x.h").write_text('#include "storage/database.h"\n')
        found = list(violations(pathlib.Path(d)))
    print("self-test:", "ok" if found else "FAILED to detect a violation")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
