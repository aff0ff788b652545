#!/usr/bin/env python3
"""Cut the organization-invitations part out of Clerk's full Backend API description.

The output is made of verbatim line ranges of the input (no re-serialisation), so
descriptions, quoting and `x-` extensions stay exactly as Clerk wrote them. Which
ranges to keep is decided on the parsed document: the seven operations plus the
transitive closure of every component they reference.

Usage: scripts/extract_clerk_spec.py tests/corpus/clerk/bapi-2026-05-12.yml > spec/clerk.yaml
"""
import sys

import yaml

OPERATIONS = [
    "ListInstanceOrganizationInvitations",
    "CreateOrganizationInvitation",
    "ListOrganizationInvitations",
    "CreateOrganizationInvitationBulk",
    "ListPendingOrganizationInvitations",
    "GetOrganizationInvitation",
    "RevokeOrganizationInvitation",
]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out.add(value)
            else:
                refs(value, out)
    elif isinstance(node, list):
        for value in node:
            refs(value, out)


def blocks(lines, start, indent):
    """Children of the mapping whose body begins at `start`, at `indent` spaces: name -> (first, end)."""
    found = {}
    i = start
    current = None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lead = len(line) - len(line.lstrip(" "))
            if lead < indent:
                break
            if lead == indent:
                if current:
                    found[current[0]] = (current[1], i)
                name = stripped.split(":", 1)[0].strip("'\"")
                current = (name, i)
        i += 1
    if current:
        found[current[0]] = (current[1], i)
    return found, i


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    doc = yaml.safe_load(text)
    lines = text.split("\n")

    wanted_ops = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS and op.get("operationId") in OPERATIONS:
                wanted_ops.setdefault(path, []).append(method)
    missing = set(OPERATIONS) - {
        doc["paths"][p][m]["operationId"] for p, ms in wanted_ops.items() for m in ms
    }
    if missing:
        sys.exit(f"operations not found: {sorted(missing)}")

    # Transitive closure of component references.
    todo = set()
    for path, methods in wanted_ops.items():
        for m in methods:
            refs(doc["paths"][path][m], todo)
    keep = set()
    while todo:
        ref = todo.pop()
        if ref in keep:
            continue
        keep.add(ref)
        parts = ref.lstrip("#/").split("/")
        node = doc
        for p in parts:
            node = node[p.replace("~1", "/").replace("~0", "~")]
        refs(node, todo)

    top, _ = blocks(lines, 0, 0)
    out = []

    def emit(first, end):
        chunk = lines[first:end]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        out.extend(chunk)

    for key in ["openapi", "info", "servers", "security"]:
        emit(*top[key])

    first, end = top["paths"]
    out.append(lines[first])
    path_blocks, _ = blocks(lines, first + 1, 2)
    for path, (pfirst, pend) in path_blocks.items():
        if path not in wanted_ops:
            continue
        out.append(lines[pfirst])
        children, _ = blocks(lines, pfirst + 1, 4)
        for name, (cfirst, cend) in children.items():
            if name in wanted_ops[path] or name not in METHODS:
                emit(cfirst, cend)

    first, end = top["components"]
    out.append(lines[first])
    sections, _ = blocks(lines, first + 1, 2)
    for section, (sfirst, send) in sections.items():
        wanted = {r.split("/")[3] for r in keep if r.split("/")[2] == section}
        if section == "securitySchemes":
            emit(sfirst, send)
            continue
        if not wanted:
            continue
        out.append(lines[sfirst])
        children, _ = blocks(lines, sfirst + 1, 4)
        for name, (cfirst, cend) in children.items():
            if name in wanted:
                emit(cfirst, cend)

    for key, (kfirst, kend) in top.items():
        if key.startswith("x-"):
            emit(kfirst, kend)

    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
