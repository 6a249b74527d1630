#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""rtos.yaml: the Zephyr module's and the ESP-IDF component's YAML files,
validated by pykwalify (Debian's python3-pykwalify) against the schemas in
tests/rtos/schemas (written from each project's documentation), plus what a
schema cannot say: the paths module.yml names exist, and idf_component.yml's
version is provkit's (sdk/include/provkit/version.h).
usage: check_yaml.py REPO_ROOT
"""
import logging
import os
import re
import sys

from pykwalify.core import Core
from pykwalify.errors import SchemaError
import yaml

logging.disable(logging.CRITICAL)  # pykwalify logs every error too
root = os.path.abspath(sys.argv[1])
schemas = os.path.join(root, "tests", "rtos", "schemas")
failures = []
for data, schema in (("port/zephyr/zephyr/module.yml", "zephyr-module.yml"),
                     ("port/zephyr/sample/sample.yaml", "twister-sample.yml"),
                     ("port/esp-idf/idf_component.yml", "idf-component.yml")):
    try:
        Core(source_file=os.path.join(root, data),
             schema_files=[os.path.join(schemas, schema)]).validate(raise_exception=True)
        print("%-36s valid (%s)" % (data, schema))
    except SchemaError as e:
        failures.append("%s: %s" % (data, e.msg))

# The schemas refuse what they must (a check that cannot fail is no check).
import tempfile  # noqa: E402
bad = (("zephyr-module.yml", "name: 'not a name!'\nbuild:\n  cmake: 1\n"),
       ("twister-sample.yml", "sample:\n  name: x\n"),
       ("idf-component.yml", "version: '0.1'\ndescription: x\nlicense: x\n"
                             "dependencies:\n  idf: '>=4.4'\n"))
for schema, text in bad:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        f.write(text)
    try:
        Core(source_file=f.name, schema_files=[os.path.join(schemas, schema)]).validate(
            raise_exception=True)
        failures.append("%s accepted a bad document: %r" % (schema, text))
    except SchemaError:
        pass
    finally:
        os.unlink(f.name)

module_root = os.path.join(root, "port", "zephyr")
module = yaml.safe_load(open(os.path.join(module_root, "zephyr", "module.yml")))
for key in ("cmake", "kconfig"):
    path = os.path.join(module_root, module["build"][key])
    if not os.path.exists(path):
        failures.append("module.yml build.%s: %s does not exist" % (key, path))
if not os.path.isfile(os.path.join(module_root, module["build"]["cmake"], "CMakeLists.txt")):
    failures.append("module.yml build.cmake: no CMakeLists.txt there")
for s in module.get("samples", []):
    if not os.path.isfile(os.path.join(module_root, s, "sample.yaml")):
        failures.append("module.yml samples: %s has no sample.yaml" % s)

version_h = open(os.path.join(root, "sdk", "include", "provkit", "version.h")).read()
version = re.search(r'#define PROVKIT_VERSION_STRING "([^"]+)"', version_h).group(1)
comp = yaml.safe_load(open(os.path.join(root, "port", "esp-idf", "idf_component.yml")))
if comp["version"] != version:
    failures.append("idf_component.yml version %s, provkit %s" % (comp["version"], version))
else:
    print("idf_component.yml version %s = PROVKIT_VERSION_STRING" % version)

for f in failures:
    print("FAIL: " + f)
print("rtos.yaml: %s" % ("ok" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
