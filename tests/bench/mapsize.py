#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Bytes each origin brings into a linked image, from the GNU ld map.

usage: mapsize.py READELF IMAGE.elf IMAGE.map CORE_DIR [--objects]

Reads the input sections the linker KEPT (the "Linker script and memory
map" part of the map; the discarded ones are listed before it and are not
read) with their sizes and the file each came from, and the output section
each went into. The ELF's section header (READELF -SW) says which output
sections are in flash (allocated, with contents: code, constants and the
initial values of .data) and which take RAM (allocated and writable:
.data and .bss). Alignment padding (*fill*) is counted with the input
section it follows.

Origins:
    core       objects under CORE_DIR (the SDK's sdk/src/*.o; jsmn is
               compiled into json_reader.o, so it is here)
    libgcc     the compiler's runtime helpers (libgcc.a)
    libc       newlib and its stubs (libc*.a, libnosys.a, libm.a, crt*.o)
    other      everything else (the image's own main and stub transport)
The map lists mergeable string sections at their size before the linker
merged duplicate strings, so the core's flash is taken as the rest:
    core+libgcc flash = image flash - libc - other
(libc's and the image's own sections hold few strings). Prints
"image flash=N ram=N", one "ORIGIN flash=N ram=N" line per origin as listed,
and "core_with_libgcc flash=N ram=N" (ram: the core's .data and .bss as
listed); with --objects the core's flash per object as listed.
"""
import os
import re
import subprocess
import sys

INPUT_ONE = re.compile(r'^ (\S+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$')
INPUT_NAME = re.compile(r'^ (\S+)\s*$')
INPUT_REST = re.compile(r'^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$')
FILL = re.compile(r'^ \*fill\*\s+0x[0-9a-fA-F]+\s+0x([0-9a-fA-F]+)')
OUTPUT = re.compile(r'^(\.\S+|\S+)(\s|$)')


def section_kinds(readelf, elf):
    """{output section: (in_flash, in_ram)} and {output section: size}, from the ELF."""
    out = subprocess.run([readelf, "-SW", elf], check=True, capture_output=True, text=True).stdout
    kinds, sizes = {}, {}
    for line in out.splitlines():
        m = re.match(r'^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+'
                     r'[0-9a-f]+\s+([A-Za-z]*)\s', line)
        if not m:
            continue
        name, typ, size, flags = m.groups()
        alloc = "A" in flags
        kinds[name] = (alloc and typ != "NOBITS", alloc and "W" in flags)
        sizes[name] = int(size, 16)
    return kinds, sizes


def origin(path, core_dir):
    if os.path.dirname(os.path.abspath(path.split("(")[0])) == core_dir:
        return "core"
    base = os.path.basename(path.split("(")[0])
    if base == "libgcc.a":
        return "libgcc"
    if re.match(r'^(libc.*|libnosys|libm|libg.*|librdimon.*)\.a$', base) or \
            re.match(r'^crt.*\.o$', base):
        return "libc"
    return "other"


def main():
    readelf, elf, mapfile, core_dir = sys.argv[1:5]
    core_dir = os.path.abspath(core_dir)
    per_object = "--objects" in sys.argv[5:]
    kinds, sizes = section_kinds(readelf, elf)
    totals = {k: [0, 0] for k in ("core", "libgcc", "libc", "other")}
    objects = {}
    with open(mapfile) as f:
        lines = f.read().splitlines()
    try:
        start = lines.index("Linker script and memory map")
    except ValueError:
        sys.exit("mapsize.py: %s is not a GNU ld map" % mapfile)
    current = None  # the output section being listed
    pending = False  # an input section name whose address is on the next line
    last = None      # the file of the last input section, which owns a *fill*
    for line in lines[start + 1:]:
        if pending:
            pending = False
            m = INPUT_REST.match(line)
            if m:
                last = m.group(3)
                add(kinds, current, int(m.group(2), 16), last, core_dir, totals, objects)
                continue
        if line.startswith(" "):
            m = FILL.match(line)
            if m:
                if last is not None:
                    add(kinds, current, int(m.group(1), 16), last, core_dir, totals, objects)
                continue
            if line.startswith(" *") or line.startswith("  "):
                continue  # a pattern of the script, or a symbol line
            m = INPUT_ONE.match(line)
            if m:
                last = m.group(4)
                add(kinds, current, int(m.group(3), 16), last, core_dir, totals, objects)
                continue
            pending = INPUT_NAME.match(line) is not None
            continue
        m = OUTPUT.match(line)
        if m and not line.startswith(("LOAD ", "START GROUP", "END GROUP", "OUTPUT(")):
            current, last = m.group(1), None
    image_flash = sum(sizes[name] for name, (flash, _) in kinds.items() if flash)
    image_ram = sum(sizes[name] for name, (_, ram) in kinds.items() if ram)
    print("image flash=%d ram=%d" % (image_flash, image_ram))
    for k in ("core", "libgcc", "libc", "other"):
        print("%s flash=%d ram=%d" % (k, totals[k][0], totals[k][1]))
    print("core_with_libgcc flash=%d ram=%d"
          % (image_flash - totals["libc"][0] - totals["other"][0], totals["core"][1]))
    if per_object:
        for obj, n in sorted(objects.items(), key=lambda kv: -kv[1]):
            print("  %-20s %6d" % (obj, n))


def add(kinds, section, size, path, core_dir, totals, objects):
    in_flash, in_ram = kinds.get(section, (False, False))
    who = origin(path, core_dir)
    if in_flash:
        totals[who][0] += size
        if who == "core":
            obj = os.path.basename(path)
            objects[obj] = objects.get(obj, 0) + size
    if in_ram:
        totals[who][1] += size


if __name__ == "__main__":
    main()
