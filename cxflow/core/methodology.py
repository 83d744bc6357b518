"""Methodology as versioned data (DESIGN.md): TOML files under cxflow/methodology/data/<kind>/.

Each file is one document of a kind (`roadmaps`, later `maturity`, `index`) with a `key`, a
whole-number `version` and a `title`; the domain that owns the kind turns the raw data into
its own objects. A stored object names the key and version it came from, so a new version of a
file never changes what was made from the old one. Changing a file means raising its version:
`cxflow.methodology` refuses a loaded version whose content differs from the one recorded.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "methodology" / "data"


@dataclass(frozen=True)
class Document:
    kind: str
    key: str
    version: int
    title: str
    sha256: str  # of the file's bytes: the recorded version must keep its content
    raw: dict = field(repr=False, compare=False)


def _read(kind: str, path: Path) -> Document:
    content = path.read_bytes()
    raw = tomllib.loads(content.decode("utf-8"))
    for name, kind_of in (("key", str), ("version", int), ("title", str)):
        if not isinstance(raw.get(name), kind_of):
            raise ValueError(f"{path}: `{name}` must be a {kind_of.__name__}")
    return Document(
        kind=kind,
        key=raw["key"],
        version=raw["version"],
        title=raw["title"],
        sha256=hashlib.sha256(content).hexdigest(),
        raw=raw,
    )


@cache
def documents(kind: str) -> dict[str, Document]:
    """The current documents of `kind` by key, read once per process."""
    loaded = [_read(kind, path) for path in sorted((DATA_DIR / kind).glob("*.toml"))]
    by_key = {document.key: document for document in loaded}
    if len(by_key) != len(loaded):
        raise ValueError(f"{DATA_DIR / kind}: two files have the same key")
    return by_key


def kinds() -> list[str]:
    return sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir())
