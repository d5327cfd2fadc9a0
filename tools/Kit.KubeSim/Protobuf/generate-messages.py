#!/usr/bin/env python3
"""Writes messages.tsv: the Kubernetes protobuf messages the simulator decodes.

Facts come from k8s.io/api and k8s.io/apimachinery (local git mirrors, read at HEAD):
generated.proto gives each message's fields (number, wire type, message type, repeated, map);
the Go struct beside it (types.go and friends) gives what the JSON encoding needs and the
.proto does not say: the JSON name (inline fields have none), pointer or value, omitempty.

Usage: generate-messages.py API_REPO APIMACHINERY_REPO > messages.tsv
"""
import re
import subprocess
import sys

API, MACHINERY = sys.argv[1], sys.argv[2]

# (repository, package directory, proto package, served group/version or None)
PACKAGES = [
    (API, "core/v1", "k8s.io.api.core.v1", "v1"),
    (API, "apps/v1", "k8s.io.api.apps.v1", "apps/v1"),
    (API, "batch/v1", "k8s.io.api.batch.v1", "batch/v1"),
    (API, "autoscaling/v1", "k8s.io.api.autoscaling.v1", "autoscaling/v1"),
    (API, "autoscaling/v2", "k8s.io.api.autoscaling.v2", "autoscaling/v2"),
    (API, "networking/v1", "k8s.io.api.networking.v1", "networking.k8s.io/v1"),
    (API, "policy/v1", "k8s.io.api.policy.v1", "policy/v1"),
    (API, "rbac/v1", "k8s.io.api.rbac.v1", "rbac.authorization.k8s.io/v1"),
    (API, "scheduling/v1", "k8s.io.api.scheduling.v1", "scheduling.k8s.io/v1"),
    (MACHINERY, "pkg/apis/meta/v1", "k8s.io.apimachinery.pkg.apis.meta.v1", None),
    (MACHINERY, "pkg/api/resource", "k8s.io.apimachinery.pkg.api.resource", None),
    (MACHINERY, "pkg/util/intstr", "k8s.io.apimachinery.pkg.util.intstr", None),
    (MACHINERY, "pkg/runtime", "k8s.io.apimachinery.pkg.runtime", None),
    (MACHINERY, "pkg/runtime/schema", "k8s.io.apimachinery.pkg.runtime.schema", None),
]

# The top-level kinds: everything else is written only when one of these reaches it.
ROOTS = {
    "v1": ["Namespace", "ConfigMap", "Secret", "Service", "ServiceAccount", "Pod", "Event", "PersistentVolumeClaim"],
    "apps/v1": ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"],
    "batch/v1": ["Job", "CronJob"],
    "autoscaling/v1": ["HorizontalPodAutoscaler"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "networking.k8s.io/v1": ["Ingress", "NetworkPolicy"],
    "policy/v1": ["PodDisruptionBudget"],
    "rbac.authorization.k8s.io/v1": ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"],
    "scheduling.k8s.io/v1": ["PriorityClass"],
}

# Messages whose JSON form is not an object of their fields; the decoder knows them by name.
SPECIAL = {"Time", "MicroTime", "Duration", "Quantity", "IntOrString", "RawExtension", "FieldsV1"}

SCALARS = {"string", "bytes", "bool", "int32", "int64", "uint32", "uint64", "double", "float", "fixed32", "fixed64", "sint32", "sint64"}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def commit(repo):
    return git(repo, "rev-parse", "HEAD").strip()


def proto_messages(repo, directory, package):
    text = git(repo, "show", f"HEAD:{directory}/generated.proto")
    messages = {}
    for m in re.finditer(r"^message (\w+) \{(.*?)^\}", text, re.S | re.M):
        fields = []
        for line in m.group(2).splitlines():
            line = line.strip()
            if line.startswith("//") or not line:
                continue
            f = re.match(r"(optional|repeated) ([\w.]+) (\w+) = (\d+);", line)
            if f:
                fields.append((int(f.group(4)), f.group(3), f.group(1) == "repeated", None, resolve(f.group(2), package)))
                continue
            f = re.match(r"map<(\w+), ([\w.]+)> (\w+) = (\d+);", line)
            if f:
                fields.append((int(f.group(4)), f.group(3), False, f.group(1), resolve(f.group(2), package)))
                continue
            raise SystemExit(f"{directory}: cannot read field line: {line}")
        messages[f"{package}.{m.group(1)}"] = fields
    return messages


def resolve(type_name, package):
    if type_name in SCALARS:
        return type_name
    if type_name.startswith("."):
        return type_name[1:]
    return f"{package}.{type_name}"


def go_fields(repo, directory, package):
    """(message, proto field name) -> (json name, pointer, omitempty) from the Go structs."""
    names = [n for n in git(repo, "ls-tree", "--name-only", f"HEAD:{directory}").split()
             if n.endswith(".go") and not n.endswith("_test.go") and not n.startswith("zz_") and not n.startswith("generated")]
    facts = {}
    for name in names:
        text = git(repo, "show", f"HEAD:{directory}/{name}")
        for s in re.finditer(r"^type (\w+) struct \{(.*?)^\}", text, re.S | re.M):
            for line in s.group(2).splitlines():
                f = re.match(r'\s*(?:\w+\s+)?(\S+)\s+`json:"([^"]*)".*?protobuf:"([^"]*)"', line)
                if not f:
                    continue
                go_type, json_tag, proto_tag = f.groups()
                named = re.search(r"name=(\w+)", proto_tag)
                # An embedded struct without name= is named after its type, lowerCamel.
                embedded = go_type.lstrip("*").rsplit(".", 1)[-1]
                proto_name = named.group(1) if named else embedded[0].lower() + embedded[1:]
                json_parts = json_tag.split(",")
                facts[(f"{package}.{s.group(1)}", proto_name)] = (
                    json_parts[0], go_type.startswith("*"), "omitempty" in json_parts[1:], "inline" in json_parts[1:] or json_parts[0] == "")
    return facts


def main():
    messages, go, loaded = {}, {}, set()

    def load(package):
        # A referenced package outside the list (newer fields reach alpha groups) is read on demand.
        if package in loaded:
            return
        loaded.add(package)
        if package.startswith("k8s.io.api."):
            repo, directory = API, package.removeprefix("k8s.io.api.").replace(".", "/")
        else:
            repo, directory = MACHINERY, package.removeprefix("k8s.io.apimachinery.").replace(".", "/")
        messages.update(proto_messages(repo, directory, package))
        go.update(go_fields(repo, directory, package))

    for _, _, package, _ in PACKAGES:
        load(package)

    roots = []
    for repo, directory, package, group_version in PACKAGES:
        for kind in ROOTS.get(group_version, []):
            roots.append((group_version, kind, f"{package}.{kind}"))

    reached, todo = set(), [r[2] for r in roots]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        load(name.rsplit(".", 1)[0])
        reached.add(name)
        if name.rsplit(".", 1)[1] in SPECIAL:
            continue
        for _, _, _, _, type_name in messages[name]:
            if type_name not in SCALARS:
                todo.append(type_name)

    print(f"# Generated by generate-messages.py from k8s.io/api@{commit(API)} and k8s.io/apimachinery@{commit(MACHINERY)}:")
    print("# */generated.proto (fields) and the Go structs beside them (JSON name, pointer, omitempty). Do not edit.")
    print("# kind\tapiVersion\tkind\tmessage")
    for group_version, kind, message in roots:
        print(f"kind\t{group_version}\t{kind}\t{message}")
    print("# field\tmessage\tnumber\tjson name (- = inline)\ttype\tshape (single, repeated, map:KEY)\tpointer\tomitempty")
    renamed = []
    for name in sorted(reached):
        short = name.rsplit(".", 1)[1]
        for number, proto_name, repeated, map_key, type_name in messages[name]:
            json_name, pointer, omitempty, inline = go.get((name, proto_name), (None, False, False, False))
            if short in SPECIAL:
                json_name = proto_name
            elif json_name is None:
                raise SystemExit(f"{name}.{proto_name}: no Go field carries this protobuf name")
            if inline:
                json_name = "-"
            elif json_name != proto_name:
                renamed.append(f"{name}.{proto_name} -> {json_name}")
            shape = f"map:{map_key}" if map_key else ("repeated" if repeated else "single")
            print(f"field\t{name}\t{number}\t{json_name}\t{type_name}\t{shape}\t{'y' if pointer else 'n'}\t{'y' if omitempty else 'n'}")
    for r in renamed:
        print(f"renamed: {r}", file=sys.stderr)


main()
