"""Extracts the slice of Feast's API the generated feature repository uses, from Feast's own source.

Usage: python3 tools/feast/extract_feast_api.py <feast git dir> <tag> \
    > test/featureStore/fixtures/feast-<version>-api.json

Reads each file with ``git show <tag>:<path>`` and records, with Python's ast (nothing is imported):
the names ``feast`` and ``feast.types`` export, ValueType's members, the keyword parameters of the
classes the definitions module calls, and the fields of the config models feature_store.yaml sets.
"""
import ast
import json
import subprocess
import sys

GIT_DIR, TAG = sys.argv[1], sys.argv[2]
ROOT = "sdk/python/feast/"
CLASSES = {
    "Entity": "entity.py",
    "FeatureView": "feature_view.py",
    "Field": "field.py",
    "RedshiftSource": "infra/offline_stores/redshift_source.py",
}
CONFIGS = {
    "RepoConfig": "repo_config.py",
    "RegistryConfig": "repo_config.py",
    "RedshiftOfflineStoreConfig": "infra/offline_stores/redshift.py",
    "DynamoDBOnlineStoreConfig": "infra/online_stores/dynamodb.py",
}


def source(path: str) -> ast.Module:
    text = subprocess.run(
        ["git", "--git-dir", GIT_DIR, "show", f"{TAG}:{ROOT}{path}"], check=True, capture_output=True, text=True
    ).stdout
    return ast.parse(text)


def find_class(tree: ast.Module, name: str) -> ast.ClassDef:
    return next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == name)


def init_keywords(cls: ast.ClassDef) -> dict:
    init = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    a = init.args
    positional = a.posonlyargs + a.args
    names = [p.arg for p in positional[1:]] + [p.arg for p in a.kwonlyargs]
    defaults = [None] * (len(positional) - 1 - len(a.defaults)) + list(a.defaults) + list(a.kw_defaults)
    return {
        "keywords": names,
        "required": [n for n, d in zip(names, defaults) if d is None],
        "keywordOnly": [p.arg for p in a.kwonlyargs],
    }


def config_fields(cls: ast.ClassDef) -> dict:
    fields, required, aliases = [], [], {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
            fields.append(name)
            if node.value is None:
                required.append(name)
            if isinstance(node.value, ast.Call):
                for kw in node.value.keywords:
                    if kw.arg == "alias" and isinstance(kw.value, ast.Constant):
                        aliases[kw.value.value] = name
    return {"fields": fields, "required": required, "aliases": aliases}


def all_names(tree: ast.Module) -> list:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return [e.value for e in node.value.elts]
    raise SystemExit("no __all__")


def type_aliases(tree: ast.Module) -> list:
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names.append(node.targets[0].id)
        elif isinstance(node, ast.ClassDef):
            names.append(node.name)
    return sorted(n for n in names if n[0].isupper())


commit = subprocess.run(
    ["git", "--git-dir", GIT_DIR, "rev-list", "-n", "1", TAG], check=True, capture_output=True, text=True
).stdout.strip()
value_type = find_class(source("value_type.py"), "ValueType")
api = {
    "source": f"feast-dev/feast@{TAG} ({commit}) sdk/python/feast, extracted by tools/feast/extract_feast_api.py",
    "modules": {"feast": sorted(all_names(source("__init__.py"))), "feast.types": type_aliases(source("types.py"))},
    "enums": {
        "ValueType": [
            t.id for n in value_type.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
        ]
    },
    "classes": {
        name: {"file": ROOT + path, **init_keywords(find_class(source(path), name))} for name, path in CLASSES.items()
    },
    "configs": {
        name: {"file": ROOT + path, **config_fields(find_class(source(path), name))} for name, path in CONFIGS.items()
    },
}
json.dump(api, sys.stdout, indent=2)
sys.stdout.write("\n")
