#!/usr/bin/env python3
"""Checks the one-way dependency rule of docs/architecture.md: a file in Sources/EvalKit may name types declared in
its own layer or in lower ones, never in a higher one.

Usage: check-layers.py [--list]   (exit 0: no new violation; 1: a violation not in scripts/layer-exceptions.txt, or an
exception that no longer occurs and should be deleted from that file)."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCES = os.path.join(ROOT, "Sources", "EvalKit")
EXCEPTIONS = os.path.join(ROOT, "scripts", "layer-exceptions.txt")

# Lowest first. A folder's layer is that of its first path component under Sources/EvalKit.
LAYERS = [
    ["Model"],
    ["EvalSet", "Config"],
    ["Backends", "Scoring"],
    ["Store"],
    ["Runner"],
    ["Analysis"],
    ["Reports"],
    ["Workflow"],
]
LAYER_OF = {folder: index for index, folders in enumerate(LAYERS) for folder in folders}

DECLARATION = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|package|private|fileprivate|final|indirect|nonisolated)\s+)*"
                         r"(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)")
IDENTIFIER = re.compile(r"\b[A-Z]\w*\b")


def strip_comments_and_strings(text):
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r"/\*[\s\S]*?\*/", "", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
        line = re.sub(r"//.*", "", line)
        lines.append(line)
    return "\n".join(lines)


def swift_files():
    for directory, _, names in os.walk(SOURCES):
        for name in sorted(names):
            if name.endswith(".swift"):
                path = os.path.join(directory, name)
                yield os.path.relpath(path, SOURCES), path


def layer(relative):
    folder = relative.split(os.sep)[0]
    if folder not in LAYER_OF:
        sys.exit(f"check-layers: {relative} is in a folder no layer names ({folder}/): add it to LAYERS and docs/architecture.md")
    return LAYER_OF[folder]


def main():
    declared = {}
    bodies = {}
    for relative, path in swift_files():
        text = strip_comments_and_strings(open(path, encoding="utf-8").read())
        bodies[relative] = text
        for line in text.split("\n"):
            match = DECLARATION.match(line)  # top-level declarations only (no indentation)
            if match:
                declared.setdefault(match.group(1), relative)
    found = set()
    for relative, text in bodies.items():
        own = layer(relative)
        for name in set(IDENTIFIER.findall(text)):
            home = declared.get(name)
            if home and layer(home) > own:
                found.add(f"{relative} -> {name}")
    allowed = set()
    if os.path.exists(EXCEPTIONS):
        for line in open(EXCEPTIONS, encoding="utf-8"):
            line = line.split("#")[0].strip()
            if line:
                allowed.add(line)
    if "--list" in sys.argv:
        print("\n".join(sorted(found)))
        return 0
    new = sorted(found - allowed)
    stale = sorted(allowed - found)
    for item in new:
        print(f"violation: {item} (a lower layer names a type of a higher one; see docs/architecture.md)")
    for item in stale:
        print(f"stale exception: {item} no longer occurs: delete it from scripts/layer-exceptions.txt")
    print(f"{len(found)} known exception(s) to the layer rule, {len(new)} new, {len(stale)} stale")
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
