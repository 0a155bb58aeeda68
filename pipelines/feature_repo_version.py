"""The version of a generated feature repository: the same hash the platform computes.

First 16 hex digits of SHA-256 over ``<name>\\n<sha256(content)>\\n`` for each file in name order
(``repositoryVersion`` in components/featureStore/feastRepository.ts). Standard library only.
"""
import hashlib
import pathlib


def repository_version(files: dict) -> str:
    """Version of ``{file name: content (str)}``."""
    outer = hashlib.sha256()
    for name in sorted(files):
        inner = hashlib.sha256(files[name].encode("utf-8")).hexdigest()
        outer.update(f"{name}\n{inner}\n".encode("utf-8"))
    return outer.hexdigest()[:16]


def directory_version(directory: pathlib.Path, names) -> str:
    """Version of the named files in ``directory``."""
    return repository_version({name: (directory / name).read_text(encoding="utf-8") for name in names})
