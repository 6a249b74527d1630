#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Worst-case stack of the SDK's entry points, from GCC's -fcallgraph-info=su.

usage: stack.py DIR_WITH_.ci_FILES [ROOT...]

Each node's frame comes from GCC; a call through a function pointer is
resolved to the SDK's own callbacks (the provider body writers and the
client's send sink). The transport and clock are the port's: their frames
are not counted (add your port's, e.g. mbedTLS's, on top). The deepest path
is printed so anyone can check it.
"""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
SIZE = re.compile(r'\\n(\d+) bytes')

FILE = re.compile(r'\\n([^\\]+\.c):\d+:\d+')

# What the SDK's own calls through function pointers can reach, by the file
# the call is in: the engine calls the providers' body writers; the client
# calls the port only (not counted); the one create path (provider_call.c)
# calls the descriptor's hooks: begin its prepare, end its decode. The
# writer's flush sink is the application's (the SDK streams nothing).
# Elsewhere (xml.c, http_request.c) a pointer is one of the file's own leaf
# predicates, taken from a table.
# A "file:function" key is that function's own (checked before its file's).
CALLBACKS = {"engine.c": ("body_fn",), "client.c": (), "writer.c": (),
             "provider_call.c:provkit_provider_begin": ("prepare",),
             "provider_call.c:provkit_provider_end": ("decode_fn",),
             "provider_call.c:provkit_provider_create": (),
             "provider_call.c": ("decode_fn", "prepare", "body_fn"),
             "answer.c": ("provkit_ans_xml_elements", "provkit_ans_xml_entries")}
PROVIDER_FILES = {"oempro.c", "plesk.c", "smspartner.c"}


def load(directory):
    frame, calls, where = {}, {}, {}
    for path in glob.glob(os.path.join(directory, "*.ci")):
        with open(path) as f:
            text = f.read()
        for title, label in NODE.findall(text):
            m = SIZE.search(label)
            if m:
                frame[title] = int(m.group(1))
                fm = FILE.search(label)
                where[title] = os.path.basename(fm.group(1)) if fm else ""
        for src, dst in EDGE.findall(text):
            calls.setdefault(src, []).append(dst)
    # a static function's title is "file:name"; a global's is its name
    by_name = {}
    for title in frame:
        by_name.setdefault(title.rsplit(":", 1)[-1], []).append(title)
    return frame, calls, by_name, where


def worst(root, frame, calls, by_name, where):
    best = {}

    def indirect(node, path):
        f = where.get(node, "")
        key = f + ":" + node.rsplit(":", 1)[-1]
        key = key if key in CALLBACKS else f
        if key in CALLBACKS:
            targets = [t for name in CALLBACKS[key] for t in by_name.get(name, [])]
            # a descriptor's hooks are the calling provider's own: keep
            # those of the provider file the path came through, if any
            providers = {where.get(p) for p in path} & PROVIDER_FILES
            if len(providers) == 1:
                mine = [t for t in targets if where.get(t) in providers]
                targets = mine or targets
            return targets
        return [t for t in frame if where.get(t) == f and not calls.get(t)]

    def visit(node, path):
        if node in path:
            return 0, []  # a cycle through a function pointer: not a real recursion
        if node in best:
            return best[node]
        targets = []
        for dst in calls.get(node, []):
            if dst == "__indirect_call":
                targets.extend(indirect(node, path | {node}))
            elif dst in frame:
                targets.append(dst)
            else:
                targets.extend(by_name.get(dst, []))
        deepest, deep_path = 0, []
        for t in targets:
            d, p = visit(t, path | {node})
            if d > deepest:
                deepest, deep_path = d, p
        result = (frame.get(node, 0) + deepest, [node] + deep_path)
        if not path:
            best[node] = result
        return result

    return visit(root, frozenset())


def main():
    directory = sys.argv[1]
    roots = sys.argv[2:] or ["provkit_create_account", "provkit_oempro_create",
                             "provkit_plesk_create", "provkit_smspartner_create"]
    frame, calls, by_name, where = load(directory)
    for root in roots:
        if root not in frame:
            print("%-28s not found" % root)
            continue
        total, path = worst(root, frame, calls, by_name, where)
        print("%-28s %5d bytes  (+ the port's transport)" % (root, total))
        print("    " + " > ".join("%s %d" % (p.rsplit(":", 1)[-1], frame.get(p, 0)) for p in path))


if __name__ == "__main__":
    main()
