#!/usr/bin/env python3
"""Lists the C# methods (and constructors, accessors, local functions counted with their parent) longer than a limit.

Usage: scripts/long-methods.py [--limit N] [--exclude DIR ...] [PATH ...]   (default: --limit 80 src)
A method is a member declaration line followed by a '{' line at the same indentation; its length is from the
declaration to the matching '}' line. Prints "LINES FILE:LINE NAME" longest first, then the count. A method whose
declaration is preceded by a comment containing "long-method:" is listed as explained and not counted.
"""
import argparse
import os
import re
import sys

DECL = re.compile(r"^(?P<indent> {4,8})(?![/*\[\"$@])(?!return |if |for|while |switch |using |lock |catch|else|try|var |await )"
                  r"[^;=]*?\b(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(<[^()=]*>)?\s*\(")


def methods(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = DECL.match(lines[i])
        if m and "=>" not in lines[i]:
            indent = m.group("indent")
            # The parameter list may span lines: find the '{' line at the same indentation.
            j = i
            while j < len(lines) and j - i < 30 and not lines[j].rstrip().endswith(";") and lines[j] != indent + "{":
                j += 1
            if j < len(lines) and lines[j] == indent + "{":
                k = j + 1
                while k < len(lines) and lines[k] != indent + "}":
                    k += 1
                explained = any("long-method:" in lines[p] for p in range(max(0, i - 12), i))
                yield i + 1, m.group("name"), k - i + 1, explained
                i = k
        i += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("paths", nargs="*", default=["src"])
    args = parser.parse_args()
    found = []
    for root in args.paths:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
            if any(folder.startswith(e) for e in args.exclude):
                continue
            for name in files:
                if name.endswith(".cs"):
                    path = os.path.join(folder, name)
                    for line, method, length, explained in methods(path):
                        if length > args.limit:
                            found.append((length, f"{path}:{line}", method, explained))
    found.sort(reverse=True)
    counted = 0
    for length, where, method, explained in found:
        print(f"{length:5} {where} {method}{'  (explained)' if explained else ''}")
        counted += 0 if explained else 1
    print(f"{counted} method(s) over {args.limit} lines without a comment saying why ({len(found)} in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
