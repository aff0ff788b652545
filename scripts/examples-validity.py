#!/usr/bin/env python3
"""An independent check of the generator's verdicts on the examples.

`bash scripts/examples.sh` records, for every example of a JSON body, whether
the generator found it valid against its schema (target/examples/verdicts.tsv).
This script checks each of those examples again with another implementation,
the `openapi-schema-validator` package (OpenAPI 3.0's dialect of JSON Schema,
references resolved against the whole document), and prints where the two
disagree, so that "valid" in CORPUS.md is not the generator judging itself.

    bash scripts/examples-validity.sh            # installs the package into target/, then runs this

The schema an example is checked against is that of the media type it
documents; an example shared by several media types (a component of
`components/examples`) is checked against each, and counts as valid when it
matches one of them, as the generator counts it.
"""

import collections
import json
import sys
from pathlib import Path
from urllib.parse import unquote

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def unescape(token):
    # A `$ref` is a URI: its fragment may be percent-encoded (`%7Bid%7D`).
    return unquote(token).replace("~1", "/").replace("~0", "~")


def at(document, pointer):
    node = document
    for token in pointer.split("/")[1:]:
        token = unescape(token)
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def media_types(document):
    """Every JSON media type object of requests and responses, by pointer,
    with the examples it documents as the generator finds them."""
    def resolve(node):
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
            node = at(document, node["$ref"][1:])
        return node

    def esc(s):
        return s.replace("~", "~0").replace("/", "~1")

    def examples_of(media, here):
        found = []
        for name, example in (media.get("examples") or {}).items():
            if isinstance(example, dict) and "$ref" in example:
                ref = example["$ref"]
                if ref.startswith("#/components/examples/"):
                    target = resolve(example)
                    if isinstance(target, dict) and "value" in target:
                        found.append(ref[1:] + "/value")
            elif isinstance(example, dict) and "value" in example:
                found.append(f"{here}/examples/{esc(name)}/value")
        if "example" in media:
            found.append(f"{here}/example")
        if not found:
            schema = media.get("schema")
            if isinstance(schema, dict) and "$ref" in schema and schema["$ref"].startswith("#/components/schemas/"):
                target = resolve(schema)
                if isinstance(target, dict) and "example" in target:
                    found.append(schema["$ref"][1:] + "/example")
            elif isinstance(schema, dict) and "example" in schema:
                found.append(f"{here}/schema/example")
        return found

    def json_media(content, here):
        for media, obj in (content or {}).items():
            if "json" in media.lower() and isinstance(obj, dict):
                yield f"{here}/content/{esc(media)}", obj
                return  # the first JSON media type is the one read

    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            base = f"/paths/{esc(path)}/{method}"
            body = op.get("requestBody")
            if isinstance(body, dict):
                here = base + "/requestBody"
                if "$ref" in body:
                    here = body["$ref"][1:]
                    body = resolve(body)
                for media_at, media in json_media(body.get("content"), here):
                    yield media_at, media, examples_of(media, media_at)
            for status, response in (op.get("responses") or {}).items():
                here = f"{base}/responses/{esc(str(status))}"
                if isinstance(response, dict) and "$ref" in response:
                    here = response["$ref"][1:]
                    response = resolve(response)
                if isinstance(response, dict):
                    for media_at, media in json_media(response.get("content"), here):
                        yield media_at, media, examples_of(media, media_at)


def main():
    verdicts_path = Path(sys.argv[1] if len(sys.argv) > 1 else "target/examples/verdicts.tsv")
    verdicts = collections.defaultdict(dict)
    for line in verdicts_path.read_text().splitlines():
        spec, pointer, verdict, _passed = line.split("\t")
        verdicts[spec][pointer] = verdict
    agree = collections.Counter()
    disagreements = []
    for spec, by_pointer in sorted(verdicts.items()):
        document = json.loads(Path(spec).read_text())
        resource = Resource(contents=document, specification=DRAFT4)
        registry = Registry().with_resource("urn:spec", resource)
        schemas = collections.defaultdict(list)
        for media_at, media, found in media_types(document):
            for pointer in found:
                # A media type without a schema constrains nothing.
                schemas[pointer].append(media_at + "/schema" if "schema" in media else None)
        for pointer, verdict in sorted(by_pointer.items()):
            try:
                value = at(document, pointer)
            except (KeyError, IndexError, ValueError):
                # A place in the document as the generator normalized it
                # (a Swagger 2.0 example moved under its media type).
                agree[("not in the original", "-")] += 1
                disagreements.append(f"{Path(spec).name} {pointer}: not found in the file")
                continue
            valid = False
            errors = []
            for schema_at in schemas.get(pointer, []):
                if schema_at is None:
                    valid = True
                    break
                schema = {"$ref": "urn:spec#" + schema_at}
                validator = OAS30Validator(schema, registry=registry)
                error = next(iter(sorted(validator.iter_errors(value), key=lambda e: e.path)), None)
                if error is None:
                    valid = True
                    break
                errors.append(f"/{'/'.join(map(str, error.absolute_path))}: {error.message[:160]}")
            theirs = "valid" if valid else "invalid"
            ours = "valid" if verdict == "valid" else "invalid"
            agree[(ours, theirs)] += 1
            if ours != theirs:
                disagreements.append(f"{Path(spec).name} {pointer}: generator {verdict}, validator {theirs} {errors[:1]}")
    print("| generator | openapi-schema-validator | examples |\n|---|---|---:|")
    for (ours, theirs), n in sorted(agree.items()):
        print(f"| {ours} | {theirs} | {n} |")
    if disagreements:
        print("\nWhere they disagree:\n")
        for d in disagreements:
            print(f"- {d}")


if __name__ == "__main__":
    main()
