#!/usr/bin/env python3
"""Generates random FP/AdvSIMD cases for the QEMU reference oracle (see README.md).

Input: a row dump "MNEMONIC fixedmask fixedbits field:lsb:width,..." (one table row per line).
Output: oracle input lines "insn fpcr fpsr nzcv x0 x1 x2 x3 v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi" (hex).
Register fields are pinned (Rd/Rt=0, Rn=1, Rm=2, Ra=3) so a case is fully described by its register values.
"""
import random
import re
import sys

REGISTERS = {"Rd": 0, "Rt": 0, "Rn": 1, "Rm": 2, "Ra": 3, "M": 0}  # M: by-element Rm<4>, keeps Vm in V0-V15
SINGLE = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7FC12345,
          0xFFA00001, 0x7F800001, 0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x3F000000,
          0x4F000000, 0xCF000000, 0x5F800000, 0x4B800001, 0x3FC00000, 0x40490FDB]
DOUBLE = [0x0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
          0x7FF8000000000000, 0x7FF800000000BEEF, 0xFFF4000000000001, 0x7FF0000000000001, 0x0000000000000001,
          0x800FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FE0000000000000, 0x43E0000000000000,
          0xC3E0000000000000, 0x41E0000000000000, 0x4340000000000001, 0x3FF8000000000000, 0x400921FB54442D18,
          0x36A0000000000000, 0x3810000000000000, 0x47EFFFFFE0000000]
HALF = [0x0000, 0x8000, 0x3C00, 0x7C00, 0xFC00, 0x7E00, 0x7D01, 0x0001, 0x03FF, 0x0400, 0x7BFF]


def lane64(rng, fp):
    kind = rng.random()
    if not fp or kind < 0.3:
        pick = rng.random()
        if pick < 0.6:
            return rng.getrandbits(64)
        return rng.choice([0, 2**64 - 1, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F,
                           0x0001000100010001, 0x00FF00FF00FF00FF, 0xFFFF0000FFFF0000, 0x0102030405060708])
    if kind < 0.6:
        v = rng.choice(DOUBLE)
        return v if rng.random() < 0.7 else v ^ rng.getrandbits(20)
    if kind < 0.9:
        lo = rng.choice(SINGLE) ^ (rng.getrandbits(8) if rng.random() < 0.3 else 0)
        hi = rng.choice(SINGLE)
        return lo | (hi << 32)
    return sum(rng.choice(HALF) << (16 * i) for i in range(4))


def main():
    rows_path, per_row, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    only = sys.argv[4] if len(sys.argv) > 4 else None
    alias = len(sys.argv) > 5 and sys.argv[5] == "alias"  # every register field 0 (or M: 0): Rd = Rn = Rm = Ra
    rng = random.Random(seed)
    for line in open(rows_path):
        parts = line.split()
        name, mask, bits = parts[0], int(parts[1], 16), int(parts[2], 16)
        if only and not re.fullmatch(only, name):
            continue
        fields = [] if len(parts) < 4 else [f.split(":") for f in parts[3].split(",")]
        fp = name.startswith("F") or "CVT" in name
        for _ in range(per_row):
            insn = bits | (rng.getrandbits(32) & ~mask & 0xFFFFFFFF)
            if name == "PMULL" and (insn >> 22) & 3 == 3:
                continue  # PMULL.1Q is FEAT_PMULL (crypto), absent: ID_AA64ISAR0_EL1.AES = 0.
            for fname, lsb, width in fields:
                if fname in REGISTERS:
                    lsb, width = int(lsb), int(width)
                    insn = (insn & ~(((1 << width) - 1) << lsb)) | ((0 if alias else REGISTERS[fname]) << lsb)
            fpcr = 0 if rng.random() < 0.5 else (rng.getrandbits(5) << 22)  # RMode, FZ, DN, AHP
            fpsr = 0 if rng.random() < 0.8 else 0x0800009F
            nzcv = rng.getrandbits(4) << 28
            xs = [rng.getrandbits(64) if rng.random() < 0.7 else rng.choice([0, 1, 2**63, 2**64 - 1, 0x7FFFFFFF, 0x80000000]) for _ in range(4)]
            vs = [lane64(rng, fp) for _ in range(8)]
            print(" ".join("%x" % x for x in [insn, fpcr, fpsr, nzcv] + xs + vs))


main()
