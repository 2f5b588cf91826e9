#!/usr/bin/env python3
"""A `cargo audit`-style review that works offline: checks every package in Cargo.lock against a
local checkout of the RustSec advisory database (github.com/rustsec/advisory-db).

    python3 scripts/audit-deps.py Cargo.lock PATH/TO/advisory-db

Prints each advisory (vulnerability, unsound, unmaintained, …) that applies to a locked version,
and exits 1 when any does. CI has no network beyond the package registries, so this runs by hand
when dependencies change; the result is recorded in docs/decisions.md.
"""
import os
import re
import sys
import tomllib


def version_key(text):
    text = text.split("+")[0]
    main, _, pre = text.partition("-")
    parts = [int(x) for x in main.split(".")] + [0, 0, 0]
    # A pre-release sorts before its release.
    return tuple(parts[:3]) + ((1,) if not pre else (0,))


def caret_upper(v):
    if v[0] > 0:
        return (v[0] + 1, 0, 0, 0)
    if v[1] > 0:
        return (0, v[1] + 1, 0, 0)
    return (0, 0, v[2] + 1, 0)


def satisfies(requirement, v):
    """Whether version key `v` meets a RustSec requirement such as `>= 1.2.3, < 2`."""
    for clause in requirement.split(","):
        m = re.match(r"\s*(>=|<=|>|<|=|\^|~)?\s*(\S+)\s*$", clause)
        if not m:
            raise ValueError(f"unreadable requirement {requirement!r}")
        op, bound = m.group(1) or "^", version_key(m.group(2))
        ok = {
            ">=": v >= bound,
            ">": v > bound,
            "<": v < bound,
            "<=": v <= bound,
            "=": v == bound,
            "^": bound <= v < caret_upper(bound),
            "~": bound <= v < (bound[0], bound[1] + 1, 0, 0),
        }[op]
        if not ok:
            return False
    return True


def advisories(db, name):
    folder = os.path.join(db, "crates", name)
    if not os.path.isdir(folder):
        return
    for file in sorted(os.listdir(folder)):
        text = open(os.path.join(folder, file), encoding="utf-8").read()
        front_text, _, body = text.split("```toml", 1)[1].partition("```")
        front = tomllib.loads(front_text)
        title = body.split("\n# ", 1)[1].split("\n", 1)[0] if "\n# " in body else ""
        yield front, title


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lock = tomllib.load(open(sys.argv[1], "rb"))
    found = 0
    for package in lock["package"]:
        v = version_key(package["version"])
        for front, title in advisories(sys.argv[2], package["name"]):
            advisory, versions = front["advisory"], front.get("versions", {})
            if advisory.get("withdrawn"):
                continue
            safe = versions.get("patched", []) + versions.get("unaffected", [])
            if not any(satisfies(r, v) for r in safe):
                found += 1
                kind = advisory.get("informational", "vulnerability")
                print(f"{package['name']} {package['version']}: {advisory['id']} ({kind}) {title}")
    print(f"{len(lock['package'])} packages checked, {found} advisories apply")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
