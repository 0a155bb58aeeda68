"""Checks a Feast definitions module against Feast's API as extracted by extract_feast_api.py.

Usage: python3 tools/feast/check_feast_module.py <api.json> <module.py>
Prints one line per problem and exits 1 if there is any; prints "ok" otherwise. Nothing is imported:
the module is parsed with ast, so this runs without Feast installed.
"""
import ast
import builtins
import json
import sys

api = json.load(open(sys.argv[1]))
tree = ast.parse(open(sys.argv[2]).read(), sys.argv[2])
problems = []
imported, assigned = set(), set()

for node in ast.walk(tree):
    if isinstance(node, ast.Import):
        problems.append(f"line {node.lineno}: plain import {[a.name for a in node.names]} (only from-imports of Feast)")
    elif isinstance(node, ast.ImportFrom):
        exported = api["modules"].get(node.module)
        if exported is None:
            problems.append(f"line {node.lineno}: module {node.module} is not part of the checked Feast API")
            continue
        for alias in node.names:
            if alias.name not in exported:
                problems.append(f"line {node.lineno}: {node.module} has no {alias.name}")
            imported.add(alias.asname or alias.name)
    elif isinstance(node, ast.Assign):
        assigned.update(t.id for t in node.targets if isinstance(t, ast.Name))

for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in api["classes"]:
        spec = api["classes"][node.func.id]
        if node.args:
            problems.append(f"line {node.lineno}: {node.func.id} takes keyword arguments only")
        given = [k.arg for k in node.keywords]
        for keyword in given:
            if keyword not in spec["keywords"]:
                problems.append(f"line {node.lineno}: {node.func.id} has no keyword {keyword}")
        for keyword in spec["required"]:
            if keyword not in given:
                problems.append(f"line {node.lineno}: {node.func.id} requires {keyword}")
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id[:1].isupper():
        if node.func.id not in api["classes"]:
            problems.append(f"line {node.lineno}: {node.func.id}(...) is not a checked Feast class")
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in api["enums"]:
        if node.attr not in api["enums"][node.value.id]:
            problems.append(f"line {node.lineno}: {node.value.id} has no member {node.attr}")
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        if node.id not in imported | assigned and not hasattr(builtins, node.id):
            problems.append(f"line {node.lineno}: {node.id} is not defined")

print("\n".join(problems) if problems else "ok")
sys.exit(1 if problems else 0)
