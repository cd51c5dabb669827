#!/usr/bin/env python3
"""Writes the frame fuzzer's seed inputs into corpus/frame/ (run once; kept in git).

Each seed is frame_fuzzer.cc's input layout: a mode byte (compression: 0 none, 1 LZ4,
2 Snappy; 0x80 = tiny 64-byte frame limit), a piece-size byte (0 = all at once), then
request frames as a driver sends them. Compressed bodies use literal-only LZ4 and
Snappy blocks, which are valid and need no compression library here.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def string(s): return struct.pack(">H", len(s)) + s.encode()
def long_string(s): return struct.pack(">i", len(s)) + s.encode()
def string_map(m):
    return struct.pack(">H", len(m)) + b"".join(string(k) + string(v) for k, v in m.items())
def value(b): return struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + b


def frame(opcode, body, stream=1, flags=0, version=4):
    return struct.pack(">BBhBi", version, flags, stream, opcode, len(body)) + body


def lz4(body):  # 4-byte big-endian length, then one literal-only LZ4 sequence
    n = len(body)
    out = struct.pack(">i", n)
    if n < 15:
        return out + bytes([n << 4]) + body
    out += bytes([0xF0])
    rest = n - 15
    while rest >= 255:
        out += b"\xff"
        rest -= 255
    return out + bytes([rest]) + body


def snappy(body):  # varint length, then one literal
    n = len(body)
    out = b""
    v = n
    while True:
        byte = v & 0x7F
        v >>= 7
        out += bytes([byte | (0x80 if v else 0)])
        if not v:
            break
    if n == 0:
        return out
    if n <= 60:
        return out + bytes([(n - 1) << 2]) + body
    if n <= 256:
        return out + bytes([60 << 2, n - 1]) + body
    return out + bytes([61 << 2]) + struct.pack("<H", n - 1) + body


def query_params(values=(), flags=0x01, page_size=None, names=None):
    out = struct.pack(">H", 0x0001)
    if names is not None:
        flags |= 0x40
    if page_size is not None:
        flags |= 0x04
    out += bytes([flags])
    if flags & 0x01:
        out += struct.pack(">H", len(values))
        for i, v in enumerate(values):
            if names is not None:
                out += string(names[i])
            out += value(v)
    if page_size is not None:
        out += struct.pack(">i", page_size)
    return out


STARTUP = frame(0x01, string_map({"CQL_VERSION": "3.0.0"}), stream=0)
STARTUP_LZ4 = frame(0x01, string_map({"CQL_VERSION": "3.0.0", "COMPRESSION": "lz4"}), stream=0)
STARTUP_SNAPPY = frame(0x01, string_map({"CQL_VERSION": "3.0.0", "COMPRESSION": "snappy"}), stream=0)
OPTIONS = frame(0x05, b"", stream=0)
REGISTER = frame(0x0B, struct.pack(">H", 2) + string("SCHEMA_CHANGE") + string("STATUS_CHANGE"))
QUERY = frame(0x07, long_string("SELECT * FROM system.local WHERE key = 'local'") +
              query_params(flags=0, page_size=5000))
QUERY_VALUES = frame(0x07, long_string("INSERT INTO ks.t (k, v) VALUES (?, :v)") +
                     query_params([b"\x00\x00\x00\x01", None], names=["k", "v"]))
PREPARE = frame(0x09, long_string("UPDATE t SET c = c + ? WHERE k = ?"))
EXECUTE = frame(0x0A, struct.pack(">H", 4) + b"abcd" + query_params([b"x", b"\x00" * 8]))
BATCH = frame(0x0D, bytes([1]) + struct.pack(">H", 2) +
              bytes([0]) + long_string("INSERT INTO t (a) VALUES (?)") + struct.pack(">H", 1) + value(b"1") +
              bytes([1]) + struct.pack(">H", 2) + b"id" + struct.pack(">H", 0) +
              struct.pack(">HB", 0x0004, 0))


def compressed(f, algorithm):
    header, body = f[:9], f[9:]
    packed = lz4(body) if algorithm == 1 else snappy(body)
    return bytes([header[0], header[1] | 0x01]) + header[2:5] + struct.pack(">i", len(packed)) + packed


SEEDS = {
    "startup-options": (0, 0, STARTUP + OPTIONS),
    "query": (0, 0, QUERY + QUERY_VALUES),
    "prepare-execute": (0, 7, PREPARE + EXECUTE),
    "batch-register": (0, 1, BATCH + REGISTER),
    "v3-query": (0, 0, frame(0x07, long_string("USE ks") + query_params(flags=0), version=3)),
    "lz4-session": (1, 0, STARTUP_LZ4 + compressed(QUERY, 1) + compressed(BATCH, 1)),
    "lz4-pieces": (1, 3, compressed(PREPARE, 1) + compressed(EXECUTE, 1)),
    "snappy-session": (2, 0, STARTUP_SNAPPY + compressed(QUERY_VALUES, 2) + compressed(REGISTER, 2)),
    "snappy-pieces": (2, 5, compressed(BATCH, 2) + compressed(QUERY, 2)),
    "too-big": (0x80, 0, QUERY + OPTIONS),
    "bad-version": (0, 0, frame(0x07, b"", version=5)),
    "unknown-opcode": (0, 0, frame(0x04, b"xx") + OPTIONS),
    "compressed-without-negotiation": (0, 0, compressed(QUERY, 1) + OPTIONS),
}


def main():
    out = os.path.join(HERE, "corpus", "frame")
    os.makedirs(out, exist_ok=True)
    for name, (mode, piece, data) in SEEDS.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(bytes([mode, piece]) + data)


if __name__ == "__main__":
    main()
