"""The Python part of the breaking-change gate, over griffe (pinned in release/python-tools.txt).

    python griffe_api.py dump    --search DIR... --package NAME... --out DIR
    python griffe_api.py compare --search DIR... --package NAME... --baseline DIR

`dump` writes each package's API, as griffe loads it from the sources (statically: nothing is
imported), to DIR/NAME.json in griffe's own JSON form, reduced to what names the API so that it
changes only when the API does: no docstrings, line numbers or file paths; annotations, values
and defaults as their source text. `compare` loads those files back with griffe
(`Object.from_json`), loads the packages from the sources the same way, and prints, as JSON,
per package: griffe's breaking changes (`find_breaking_changes`: a removed public object, a
removed or moved parameter, a new required one, a changed default, a removed base class, ...)
and the public objects added. A change to a keyword-only parameter whose name starts with an
underscore is not one: such a parameter can only be passed by name, and its name says it is
private (Python's convention, which griffe applies to objects and not to parameters).
"""

import argparse
import json
import sys
from pathlib import Path

import griffe

DROPPED = {"docstring", "lineno", "endlineno", "filepath", "relative_filepath", "relative_package_filepath"}


def load(search, packages):
    """The packages loaded from `search` into one collection, their aliases resolved across them."""
    loader = griffe.GriffeLoader(search_paths=search, allow_inspection=False, store_source=False)
    modules = {name: loader.load(name) for name in packages}
    loader.resolve_aliases(external=True, implicit=False)
    for module in modules.values():
        as_text(module)
    return modules


def as_text(obj):
    """Annotations, values, defaults and bases as source text (griffe compares defaults by equality)."""
    if obj.is_alias:
        return
    if obj.is_attribute:
        if obj.annotation is not None:
            obj.annotation = str(obj.annotation)
        if obj.value is not None:
            obj.value = str(obj.value)
    if obj.is_function:
        if obj.returns is not None:
            obj.returns = str(obj.returns)
        for parameter in obj.parameters:
            if parameter.annotation is not None:
                parameter.annotation = str(parameter.annotation)
            if parameter.default is not None:
                parameter.default = str(parameter.default)
        obj.decorators = []
    if obj.is_class:
        obj.bases = [str(base) for base in obj.bases]
        obj.decorators = []
    for member in obj.members.values():
        as_text(member)


def reduced(data):
    """griffe's JSON without what changes when the API does not. `lineno` stays (griffe's decoder needs it) as 0."""
    if isinstance(data, dict):
        return {
            key: 0 if key == "lineno" else reduced(value)
            for key, value in data.items()
            if key not in DROPPED or key == "lineno"
        }
    if isinstance(data, list):
        return [reduced(item) for item in data]
    return data


def dump(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, module in load(args.search, args.package).items():
        data = reduced(json.loads(json.dumps(module, cls=griffe.JSONEncoder, full=False)))
        (out / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def public_paths(obj, seen=None):
    """The paths of the public objects under `obj` (an added class counts once, not with each member)."""
    seen = set() if seen is None else seen
    paths = set()
    for member in obj.members.values():
        if not member.is_public or member.path in seen:
            continue
        seen.add(member.path)
        paths.add(member.path)
        if not member.is_alias and (member.is_module or member.is_class):
            paths |= public_paths(member, seen)
    return paths


def compare(args):
    baseline = Path(args.baseline)
    new = load(args.search, args.package)
    old = griffe.ModulesCollection()
    for name in args.package:
        file = baseline / f"{name}.json"
        if file.exists():
            old.set_member(name, griffe.Module.from_json(file.read_text(encoding="utf-8")))
    report = {}
    for name in args.package:
        if name not in old.members:
            report[name] = {"breaking": [], "added": [f"{name}: package added"]}
            continue
        breaking = []
        for breakage in griffe.find_breaking_changes(old[name], new[name]):
            if private_keyword(breakage):
                continue
            line = f"{breakage.obj.path}: {breakage.kind.value}"
            detail = describe(breakage)
            breaking.append(f"{line} ({detail})" if detail else line)
        before = public_paths(old[name])
        added = sorted(
            path
            for path in public_paths(new[name]) - before
            if path.rsplit(".", 1)[0] in before or path.rsplit(".", 1)[0] == name
        )
        report[name] = {"breaking": breaking, "added": [f"{path}: added" for path in added]}
    json.dump(report, sys.stdout, indent=1)


PARAMETER_KINDS = {
    griffe.BreakageKind.PARAMETER_REMOVED,
    griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT,
    griffe.BreakageKind.PARAMETER_CHANGED_KIND,
    griffe.BreakageKind.PARAMETER_CHANGED_REQUIRED,
    griffe.BreakageKind.PARAMETER_MOVED,
}


def private_keyword(breakage):
    """A breakage of a keyword-only parameter named `_…` (both before and after, when it still exists)."""
    if breakage.kind not in PARAMETER_KINDS:
        return False
    params = [p for p in (breakage.old_value, breakage.new_value) if isinstance(p, griffe.Parameter)]
    return bool(params) and all(p.name.startswith("_") and p.kind is griffe.ParameterKind.keyword_only for p in params)


def describe(breakage):
    """What changed, in words (griffe's own explanation carries colours and file locations)."""
    old, new = breakage.old_value, breakage.new_value
    name = lambda value: getattr(value, "name", None) or str(value)
    if breakage.kind is griffe.BreakageKind.OBJECT_REMOVED:
        return ""
    if breakage.kind in (
        griffe.BreakageKind.PARAMETER_REMOVED,
        griffe.BreakageKind.PARAMETER_ADDED_REQUIRED,
        griffe.BreakageKind.PARAMETER_CHANGED_REQUIRED,
    ):
        return f"parameter {name(old or new)}"
    if breakage.kind is griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT:
        return f"parameter {name(new)}: default {old.default} -> {new.default}"
    if breakage.kind is griffe.BreakageKind.PARAMETER_CHANGED_KIND:
        return f"parameter {name(new)}: {old.kind.value} -> {new.kind.value}"
    if breakage.kind is griffe.BreakageKind.PARAMETER_MOVED:
        return f"parameter {name(new)}: {breakage.details}"
    if breakage.kind is griffe.BreakageKind.OBJECT_CHANGED_KIND:
        return f"{old.value} -> {new.value}"
    return f"{old} -> {new}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["dump", "compare"])
    parser.add_argument("--search", action="append", required=True)
    parser.add_argument("--package", action="append", required=True)
    parser.add_argument("--out")
    parser.add_argument("--baseline")
    args = parser.parse_args()
    (dump if args.command == "dump" else compare)(args)


if __name__ == "__main__":
    main()
