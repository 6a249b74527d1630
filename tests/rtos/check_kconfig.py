#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""rtos.kconfig: provkit's Kconfig trees, read by kconfiglib (Debian's
python3-kconfiglib) in strict mode: every warning fails, a reference to an
undefined symbol included (KCONFIG_WARN_UNDEF).

Trees: the root Kconfig alone; the Zephyr module (port/zephyr/Kconfig, with
stand-ins for the four Zephyr symbols it selects); the ESP-IDF component
(port/esp-idf/Kconfig). Then, for the root tree:
  - each limit's default equals provkit/config.h's default;
  - each CONFIG_PROVKIT_* symbol is used: mapped in provkit/config.h, read
    by a build file (port/*/CMakeLists.txt) or by the Kconfig tree itself.
usage: check_kconfig.py REPO_ROOT
"""
import os
import re
import sys

os.environ["KCONFIG_WARN_UNDEF"] = "y"
os.environ["KCONFIG_STRICT"] = "y"
import kconfiglib  # noqa: E402

root = os.path.abspath(sys.argv[1])
os.environ["srctree"] = root
failures = []


def load(path):
    try:
        k = kconfiglib.Kconfig(os.path.join(root, path), warn_to_stderr=False)
    except kconfiglib.KconfigError as e:
        failures.append("%s: %s" % (path, e))
        return None
    for w in k.warnings:
        failures.append("%s: %s" % (path, w))
    print("%-40s %3d symbols, %d warnings" % (path, len(k.unique_defined_syms), len(k.warnings)))
    return k


# strict mode catches what it must: a reference to an undefined symbol
import tempfile  # noqa: E402
with tempfile.NamedTemporaryFile("w", suffix=".Kconfig", delete=False) as f:
    f.write("config PROVKIT_PROBE\n\tbool\n\tdefault y if !ZEPHYR_KERNEL\n")
probe = kconfiglib.Kconfig(f.name, warn_to_stderr=False)
os.unlink(f.name)
if not any("ZEPHYR_KERNEL" in w for w in probe.warnings):
    failures.append("kconfiglib did not warn of an undefined symbol: the check is blind")

k = load("Kconfig")
zephyr = load("tests/rtos/zephyr/Kconfig.standins")
esp = load("port/esp-idf/Kconfig")

if k is not None and zephyr is not None:
    config_h = open(os.path.join(root, "sdk/include/provkit/config.h")).read()
    build_files = ""
    for f in ("port/zephyr/CMakeLists.txt", "port/esp-idf/CMakeLists.txt", "CMakeLists.txt",
              "sdk/cmake/kconfig.py"):
        build_files += open(os.path.join(root, f)).read()
    kconfig_text = "".join(open(os.path.join(root, p)).read()
                           for p in ("Kconfig", "port/zephyr/Kconfig", "port/esp-idf/Kconfig"))
    k.syms["PROVKIT"].set_value(2)
    for sym in zephyr.unique_defined_syms:  # the root's and the module's
        name = sym.name
        if not name.startswith("PROVKIT"):
            continue
        used = ("CONFIG_" + name in config_h or "CONFIG_" + name in build_files or
                # the host build maps the switches by their short names
                re.search(r"\b%s\b" % name[len("PROVKIT_"):], build_files) is not None or
                any(node.item is sym and sym.selects for node in sym.nodes) or
                len(re.findall(r"\b%s\b" % name, kconfig_text)) > 1)
        if not used:
            failures.append("CONFIG_%s is used by nothing" % name)
        if sym.type == kconfiglib.INT and name in k.syms:
            sym = k.syms[name]
            macro = name  # CONFIG_PROVKIT_X -> PROVKIT_X
            m = re.search(r"#ifndef %s\n(?:/\*\*(?:(?!\*/).)*\*/\n)?#define %s (\S+)\n"
                          % (macro, macro), config_h, re.S)
            if not m:
                failures.append("%s has no default in provkit/config.h" % macro)
            elif m.group(1).rstrip("u") != sym.str_value:
                failures.append("%s: Kconfig's default %s, config.h's %s"
                                % (macro, sym.str_value, m.group(1)))

for f in failures:
    print("FAIL: " + f)
print("rtos.kconfig: %s" % ("ok" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
