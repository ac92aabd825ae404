#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Cuts the handover out of a raw RAM dump (QEMU pmemsave: file offset = physical address) into
the shared captures' handover.pages format: records of (u64 LE physical address, 4096 bytes),
ascending. Kept: boot_params, the command line, the setup_data chain's pages, the kho_scratch
array, every block the KHO preserved-memory map names, and the map's own chunks and bitmaps.
A 1 GiB dump becomes a few hundred KiB that khoemu reads with the capture.json beside it.

usage: handover-pages.py RAM RSI OUT      (RSI: boot_params' physical address, e.g. 0x3ebf9000)

Layouts (x86 boot protocol, KHO of Linux 6.19): boot_params.hdr.cmd_line_ptr at +0x228,
ext_cmd_line_ptr at +0xc8, hdr.setup_data at +0x250; setup_data {u64 next; u32 type; u32 len};
SETUP_KEXEC_KHO (10) carries {u64 fdt_addr, fdt_size, scratch_addr, scratch_size}; the KHO
FDT's root property "preserved-memory-map" is the u64 address of the first khoser_mem_chunk
{u64 next; u32 order; u32 num_elms; {u64 phys_start; u64 bitmap}[]}, each bitmap one page whose
bit i is the block of (4096 << order) bytes at phys_start + i * (4096 << order).
"""
import struct
import sys

PAGE = 4096
SETUP_KEXEC_KHO = 10
FDT_MAGIC = 0xD00DFEED


def fail(msg):
    print("handover-pages: " + msg, file=sys.stderr)
    sys.exit(1)


class Ram:
    def __init__(self, path):
        self.f = open(path, "rb")
        self.f.seek(0, 2)
        self.size = self.f.tell()

    def read(self, pa, n, what):
        if pa < 0 or n < 0 or pa + n > self.size:
            fail(f"{what} at {pa:#x} (+{n:#x}) lies outside the {self.size:#x} bytes of RAM")
        self.f.seek(pa)
        return self.f.read(n)

    def u64(self, pa, what):
        return struct.unpack("<Q", self.read(pa, 8, what))[0]


def fdt_root_prop(blob, name):
    """The value of property NAME of the root node of a flattened device tree."""
    magic, total, off_struct, off_strings = struct.unpack(">IIII", blob[:16])
    if magic != FDT_MAGIC or total > len(blob):
        fail("the KHO FDT has no FDT header")
    pos, depth = off_struct, 0
    while pos + 4 <= total:
        tok = struct.unpack(">I", blob[pos:pos + 4])[0]
        pos += 4
        if tok == 1:  # FDT_BEGIN_NODE: a NUL-terminated name, padded to 4
            end = blob.index(b"\0", pos)
            pos = (end + 4) & ~3
            depth += 1
        elif tok == 2:  # FDT_END_NODE
            depth -= 1
        elif tok == 3:  # FDT_PROP
            length, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            start = off_strings + nameoff
            pname = blob[start:blob.index(b"\0", start)].decode()
            if depth == 1 and pname == name:
                return blob[pos + 8:pos + 8 + length]
            pos = (pos + 8 + length + 3) & ~3
        elif tok == 4:  # FDT_NOP
            continue
        else:  # FDT_END or garbage
            break
    fail(f"the KHO FDT's root has no {name} property")


def main():
    if len(sys.argv) != 4:
        fail("usage: handover-pages.py RAM RSI OUT")
    ram = Ram(sys.argv[1])
    bp = int(sys.argv[2], 0)
    pages = set()

    def keep(pa, n=1):
        for p in range(pa & ~(PAGE - 1), pa + n, PAGE):
            pages.add(p)

    keep(bp, PAGE)
    cmd = struct.unpack("<I", ram.read(bp + 0x228, 4, "cmd_line_ptr"))[0] \
        | struct.unpack("<I", ram.read(bp + 0xC8, 4, "ext_cmd_line_ptr"))[0] << 32
    if cmd:
        keep(cmd, 1)
    kho = None
    sd, hops = ram.u64(bp + 0x250, "hdr.setup_data"), 0
    while sd:
        hops += 1
        if hops > 64:
            fail("the setup_data chain does not end")
        nxt = ram.u64(sd, "setup_data.next")
        typ, length = struct.unpack("<II", ram.read(sd + 8, 8, "setup_data.type"))
        keep(sd, 16 + length)
        if typ == SETUP_KEXEC_KHO:
            kho = struct.unpack("<QQQQ", ram.read(sd + 16, 32, "kho_data"))
        sd = nxt
    if kho is None:
        fail("no SETUP_KEXEC_KHO in boot_params' setup_data chain: not a KHO handover")
    fdt_addr, fdt_size, scratch_addr, scratch_size = kho
    keep(fdt_addr, fdt_size)
    keep(scratch_addr, scratch_size)
    pmm = fdt_root_prop(ram.read(fdt_addr, fdt_size, "KHO FDT"), "preserved-memory-map")
    if len(pmm) != 8:
        fail(f"preserved-memory-map is {len(pmm)} bytes, not a u64")
    chunk, blocks, chunks = struct.unpack("<Q", pmm)[0], 0, 0
    while chunk:
        chunks += 1
        if chunks > 1 << 16:
            fail("the preserved-memory map's chunk list does not end")
        keep(chunk, PAGE)
        nxt, order, num = struct.unpack("<QII", ram.read(chunk, 16, "khoser_mem_chunk"))
        if order > 30 or num > (PAGE - 16) // 16:
            fail(f"khoser_mem_chunk at {chunk:#x}: order {order}, num_elms {num} out of range")
        bsize = PAGE << order
        for i in range(num):
            start, bitmap = struct.unpack("<QQ", ram.read(chunk + 16 + 16 * i, 16, "bitmap entry"))
            keep(bitmap, PAGE)
            bits = ram.read(bitmap, PAGE, "bitmap")
            for byte in range(PAGE):
                if bits[byte]:
                    for b in range(8):
                        if bits[byte] >> b & 1:
                            keep(start + (byte * 8 + b) * bsize, bsize)
                            blocks += 1
        chunk = nxt
    with open(sys.argv[3], "wb") as out:
        for pa in sorted(pages):
            out.write(struct.pack("<Q", pa))
            out.write(ram.read(pa, PAGE, "page"))
    print(f"{sys.argv[3]}: {len(pages)} pages ({blocks} preserved block(s) in {chunks} chunk(s), "
          f"boot_params, command line, setup_data, kho_scratch array, map chunks and bitmaps)")


if __name__ == "__main__":
    main()
