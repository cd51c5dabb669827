#!/usr/bin/env python3
"""fsync_probe.py: how many durable small writes a second this disk takes, written the
ways a commitlog can write them. The figures behind group mode's zero-written segments
(docs/benchmarks.md, "Group commit into zero-written segments").

    python3 bench/fsync_probe.py [--dir DIR] [--syncs N] [--size BYTES] [--rounds R]

Each variant writes N records of BYTES bytes into a fresh file in DIR (default /tmp),
syncing after each, and prints syncs per second; all variants run once per round:

  append             write() at the end of the file + fdatasync (the file grows)
  zeroed             write() into a file whose blocks were written with zeros first
                     + fdatasync (no metadata to commit)
  zeroed-mmap        memcpy through a mapping of such a file + msync of the new range
  zeroed-pwrite-msync  pwrite() into such a (mapped) file + msync of the new range
  fallocate-mmap     memcpy through a mapping of a fallocate'd file + msync
"""
import argparse
import mmap
import os
import sys
import time

PAGE = mmap.PAGESIZE


def prepare(path, size, how):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    if how == "zeroed":
        zeros = b"\0" * PAGE
        for at in range(0, size, PAGE):
            os.pwrite(fd, zeros, at)
        os.fsync(fd)
    elif how == "fallocate":
        os.posix_fallocate(fd, 0, size)
        os.fsync(fd)
    return fd


def run(variant, directory, syncs, size):
    path = os.path.join(directory, "fsync_probe.%d" % os.getpid())
    length = (syncs * size // PAGE + 2) * PAGE
    record = b"x" * size
    how = {"append": None, "zeroed": "zeroed", "zeroed-mmap": "zeroed",
           "zeroed-pwrite-msync": "zeroed", "fallocate-mmap": "fallocate"}[variant]
    fd = prepare(path, length, how)
    mapping = mmap.mmap(fd, length) if variant.endswith("mmap") or "msync" in variant else None
    try:
        start = time.perf_counter()
        at = 0
        for _ in range(syncs):
            if variant in ("append", "zeroed"):
                os.pwrite(fd, record, at) if variant == "zeroed" else os.write(fd, record)
                os.fdatasync(fd)
            else:
                if variant == "zeroed-pwrite-msync":
                    os.pwrite(fd, record, at)
                else:
                    mapping[at:at + size] = record
                first = at // PAGE * PAGE
                mapping.flush(first, at + size - first)  # msync(MS_SYNC)
            at += size
        return syncs / (time.perf_counter() - start)
    finally:
        if mapping is not None:
            mapping.close()
        os.close(fd)
        os.unlink(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default="/tmp")
    parser.add_argument("--syncs", type=int, default=3000)
    parser.add_argument("--size", type=int, default=2200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.syncs < 1 or args.size < 1 or args.rounds < 1:
        parser.error("--syncs, --size and --rounds must be positive")
    if not os.path.isdir(args.dir):
        parser.error("--dir %s is not a directory" % args.dir)
    variants = ["append", "zeroed", "zeroed-mmap", "zeroed-pwrite-msync", "fallocate-mmap"]
    print("%d syncs of %d-byte records per variant, in %s" % (args.syncs, args.size, args.dir))
    for _ in range(args.rounds):
        print("  ".join("%s %.0f/s" % (v, run(v, args.dir, args.syncs, args.size)) for v in variants))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
