#!/usr/bin/env python3
"""Regenerates list-facts.tsv from the Kubernetes API definitions (Go sources).

Usage: python3 list-facts.py <k8s.io/api git dir> <k8s.io/apimachinery git dir> <output dir>

Reads the types.go files of the packages the simulator serves (git show HEAD:<path>, no work tree needed)
and writes, per struct field, the facts the OpenAPI generator (kube-openapi) derives from markers and tags:
+listType, +listMapKey, +mapType, +structType, +default, patchStrategy/patchMergeKey struct tags, and whether the
field is required (its json tag has no omitempty and it has no +optional marker, as kube-openapi decides;
+required markers beside omitempty document intent and do not make a field required in the published schema).
Writes list-facts.tsv (those facts) and descriptions.tsv (the doc comments kubectl explain prints).
"""
import re
import subprocess
import sys

API_PACKAGES = ["core/v1", "apps/v1", "batch/v1", "networking/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1", "rbac/v1"]
MACHINERY_FILES = ["pkg/apis/meta/v1/types.go"]


def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], check=True, capture_output=True, text=True).stdout


def head(repo):
    return subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def prefix_of(import_path):
    if import_path.startswith("k8s.io/api/"):
        return "io.k8s.api." + import_path[len("k8s.io/api/"):].replace("/", ".")
    if import_path.startswith("k8s.io/apimachinery/"):
        return "io.k8s.apimachinery." + import_path[len("k8s.io/apimachinery/"):].replace("/", ".")
    return None


def imports(source):
    aliases = {}
    block = re.search(r"^import \((.*?)^\)", source, re.S | re.M)
    lines = block.group(1).splitlines() if block else re.findall(r"^import (.*)$", source, re.M)
    for line in lines:
        m = re.match(r'\s*(\w+)?\s*"([^"]+)"', line)
        if m:
            path = m.group(2)
            aliases[m.group(1) or path.rsplit("/", 1)[-1]] = prefix_of(path)
    return aliases


def element_type(go_type, package, aliases):
    t = go_type.lstrip("*")
    while t.startswith("[]"):
        t = t[2:].lstrip("*")
    if t.startswith("map["):
        t = t[t.index("]") + 1:].lstrip("*")
        while t.startswith("[]"):
            t = t[2:].lstrip("*")
    if "." in t:
        alias, name = t.split(".", 1)
        prefix = aliases.get(alias)
        return f"{prefix}.{name}" if prefix else ""
    if t[:1].isupper():
        return f"{package}.{t}"
    return ""


def markers(comments, name):
    values = [m.group(1) for c in comments if c is not None for m in [re.match(rf"\s*\+{name}=(\S+)", c)] if m]
    return values


def describe(comments):
    # The doc comment is the block right above the declaration; earlier blocks hold markers only.
    block = comments[len(comments) - comments[::-1].index(None):] if None in comments else comments
    paragraphs, current = [], []
    for c in block:
        text = c.strip()
        if text.startswith("+") or text.startswith("TODO"):
            continue
        if text == "---":
            break
        if text == "":
            if current:
                paragraphs.append(" ".join(current))
            current = []
        else:
            current.append(text)
    if current:
        paragraphs.append(" ".join(current))
    return "\\n\\n".join(paragraphs).replace("\t", " ")


def parse(source, package, rows, docs):
    aliases = imports(source)
    comments = []
    current = None
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:])
            continue
        m = re.match(r"^type (\w+) struct \{", line)
        if m:
            current = f"{package}.{m.group(1)}"
            docs.append([current, "", describe(comments)])
            struct_type = markers(comments, "structType")
            if struct_type == ["atomic"]:
                rows.append([current, "", "", "", "", "atomic", "", "", "0", ""])
            comments = []
            continue
        if current and stripped == "}" and not line.startswith("\t\t"):
            current = None
            comments = []
            continue
        if current:
            f = re.match(r"^\t(\w+)\s+([^`\s]+)?\s*`(.*)`", line)
            if f:
                tags = dict(re.findall(r'(\w+):"([^"]*)"', f.group(3)))
                json_tag = tags.get("json", "")
                name, _, options = json_tag.partition(",")
                go_type = f.group(2) or f.group(1)
                if name == "-":
                    comments = []
                    continue
                if name == "":
                    rows.append([current, "*inline", element_type(go_type, package, aliases), "", "", "", "", "", "0", ""])
                    comments = []
                    continue
                optional = "omitempty" in options or "+optional" in (c.strip() for c in comments)
                required = not optional
                docs.append([current, name, describe(comments)])
                list_type = (markers(comments, "listType") or [""])[0]
                map_keys = ",".join(markers(comments, "listMapKey"))
                map_type = (markers(comments, "mapType") or markers(comments, "structType") or [""])[0]
                # A JSON literal default (+default="TCP"); ref(...) names a Go constant and is left out.
                default = next((d for d in markers(comments, "default") if not d.startswith("ref(")), "")
                rows.append([current, name, element_type(go_type, package, aliases), list_type, map_keys, map_type,
                             tags.get("patchStrategy", ""), tags.get("patchMergeKey", ""), "1" if required else "0", default])
            comments = []
        elif stripped == "":
            comments.append(None)
        else:
            comments = []


def main():
    api, machinery, out = sys.argv[1], sys.argv[2], sys.argv[3]
    rows, docs = [], []
    for package in API_PACKAGES:
        parse(show(api, f"{package}/types.go"), "io.k8s.api." + package.replace("/", "."), rows, docs)
    for path in MACHINERY_FILES:
        parse(show(machinery, path), prefix_of("k8s.io/apimachinery/" + path.rsplit("/", 1)[0]), rows, docs)
    source = f"# Generated by list-facts.py from k8s.io/api {head(api)} and k8s.io/apimachinery {head(machinery)}.\n"
    with open(f"{out}/list-facts.tsv", "w") as f:
        f.write(source)
        f.write("# definition\tfield\telement type\tlistType\tlistMapKeys\tmapType/structType\tpatchStrategy\tpatchMergeKey\trequired\tdefault\n")
        f.writelines("\t".join(row) + "\n" for row in rows)
    with open(f"{out}/descriptions.tsv", "w") as f:
        f.write(source)
        f.write("# definition\tfield (empty: the type)\tdescription (\\n is a line break)\n")
        f.writelines("\t".join(row) + "\n" for row in docs if row[2])


main()
