#!/usr/bin/env python3
"""Print the path of an axe.min.js (axe-core) shipped in a PyPI package, the newest found.

    find_axe.py [DIR...]   look in these folders (pip --target folders) and in the installed
                           packages axe_playwright_python, axe_core_python, axe_selenium_python.
Prints nothing and exits 1 when there is none. With --only-dirs, skips the installed packages.
"""
import importlib.util
import os
import re
import sys


def version(path):
    with open(path, "rb") as f:
        head = f.read(400)
    m = re.search(rb"axe v(\d+)\.(\d+)\.(\d+)", head)
    return tuple(int(x) for x in m.groups()) if m else (0, 0, 0)


def candidates(dirs, packages):
    roots = list(dirs)
    for mod in packages:
        try:
            spec = importlib.util.find_spec(mod)
        except (ImportError, ValueError):
            spec = None
        if spec and spec.submodule_search_locations:
            roots += list(spec.submodule_search_locations)
    for root in roots:
        for dirpath, _, files in os.walk(root):
            if "axe.min.js" in files:
                yield os.path.join(dirpath, "axe.min.js")


def main(argv):
    only_dirs = "--only-dirs" in argv
    dirs = [a for a in argv if not a.startswith("--")]
    packages = [] if only_dirs else ["axe_playwright_python", "axe_core_python", "axe_selenium_python"]
    found = sorted(candidates(dirs, packages), key=version, reverse=True)
    if not found:
        return 1
    print(found[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
