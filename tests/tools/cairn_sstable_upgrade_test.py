#!/usr/bin/env python3
"""cairn-sstable upgrade: offline upgradesstables of an old-version data directory.

Checks, on copies of the frozen golden data directory of an old sstable version:
  - upgrade rewrites every sstable as the current version, and `dump` prints the same
    data before and after (sstable paths aside), `verify` passes, a second run has
    nothing left to do;
  - it refuses to run while another process holds the data directory's LOCK, and
    changes nothing;
  - killed (SIGKILL, by a failpoint at a random hit) 20 times inside the rewrite,
    then run again: the store opens, the upgrade completes, verify passes and the
    dump is still identical: no row lost or duplicated, no transaction log left.

usage: cairn_sstable_upgrade_test.py CAIRN_SSTABLE GOLDEN_DATA_DIR
Only the Python standard library is used.
"""
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile

FAILPOINTS = [
    ("compaction.after_partition", 20),  # mid-rewrite, after some partitions
    ("compaction.before_commit", 6),     # output complete, transaction not committed
    ("sstable.before_toc", 6),           # output missing its TOC
]


class Failure(Exception):
    pass


def run(tool, *args, env=None, check=None):
    result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=120, env=env)
    if check is not None and result.returncode != check:
        raise Failure(f"{' '.join(args)} exited {result.returncode}, expected {check}:\n"
                      f"{result.stdout}\n{result.stderr}")
    return result


def dump(tool, data_dir):
    out = json.loads(run(tool, "dump", "--data-dir", data_dir, "golden", check=0).stdout)
    for sstable in out["sstables"]:
        sstable.pop("path", None)  # the file name changes with the version and generation
    return out


def data_files(data_dir):
    found = []
    for root, _, names in os.walk(data_dir):
        found += [n for n in names if n.endswith("-Data.db")]
        if any(n.startswith("txn-") for n in names):
            raise Failure(f"a transaction log was left in {root}")
    return sorted(found)


def fresh_copy(golden, work):
    target = os.path.join(work, "data")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(golden, target)
    return target


def check_upgraded(tool, data_dir, expected_dump, current):
    files = data_files(data_dir)
    if not files or any(not f.startswith(current + "-") for f in files):
        raise Failure(f"not every sstable is version {current}: {files}")
    if dump(tool, data_dir) != expected_dump:
        raise Failure("dump after upgrade differs from dump before")
    run(tool, "verify", "--data-dir", data_dir, check=0)


def main():
    tool, golden = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="cairn-upgrade-test-")
    try:
        # 1. A plain upgrade.
        data_dir = fresh_copy(golden, work)
        before = dump(tool, data_dir)
        old_files = data_files(data_dir)
        current = None
        out = run(tool, "upgrade", "--data-dir", data_dir, check=0).stdout
        if f"upgraded {len(old_files)} sstables" not in out:
            raise Failure(f"upgrade did not report {len(old_files)} rewrites:\n{out}")
        current = out.strip().split()[-1]
        check_upgraded(tool, data_dir, before, current)
        again = run(tool, "upgrade", "--data-dir", data_dir, check=0).stdout
        if "upgraded 0 sstables" not in again:
            raise Failure(f"a second upgrade found work:\n{again}")
        print(f"ok: {len(old_files)} sstables upgraded to {current}, dump unchanged")

        # 2. Refused while the directory is in use.
        data_dir = fresh_copy(golden, work)
        with open(os.path.join(data_dir, "LOCK"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            refused = run(tool, "upgrade", "--data-dir", data_dir)
            if refused.returncode == 0 or "LOCK" not in refused.stderr:
                raise Failure(f"upgrade ran beside a lock holder:\n{refused.stderr}")
        if data_files(data_dir) != old_files:
            raise Failure("a refused upgrade changed files")
        print("ok: refused while the data directory is locked")

        # 3. Killed mid-rewrite, 20 times. A failpoint hit past the last partition never
        # fires (the upgrade just completes, which is checked too); runs go on until 20
        # upgrades have really been killed.
        rng = random.Random(int(os.environ.get("CAIRN_TEST_SEED", "20261123")))
        killed = runs = 0
        while killed < 20:
            if runs == 40:
                raise Failure(f"only {killed} of 40 runs were killed: the failpoints are not reached")
            name, hits = FAILPOINTS[runs % len(FAILPOINTS)]
            spec = f"{name}=kill@{rng.randrange(hits)}"
            runs += 1
            data_dir = fresh_copy(golden, work)
            env = dict(os.environ, CAIRN_FAILPOINTS=spec)
            first = run(tool, "upgrade", "--data-dir", data_dir, env=env)
            if first.returncode == -signal.SIGKILL:
                killed += 1
            elif first.returncode != 0:
                raise Failure(f"run {runs} ({spec}) exited {first.returncode}:\n{first.stderr}")
            # The interrupted rewrite is rolled back or completed at open; finish the job.
            run(tool, "upgrade", "--data-dir", data_dir, check=0)
            try:
                check_upgraded(tool, data_dir, before, current)
            except Failure as e:
                raise Failure(f"run {runs} ({spec}): {e}")
        print(f"ok: {killed} upgrades killed mid-rewrite ({runs} runs), each recovered with "
              "identical data")
    except Failure as e:
        print(f"FAILED: {e}\n  (work directory kept: {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
