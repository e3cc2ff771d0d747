"""What one build keeps in ``.cache/assetmap/`` for the next, so that a build after a one-row
edit redoes only what the row touches:

- the QR codes of the printed pages, by address: making one takes longer than rendering its
  page, and an address gives the same code every time;
- what each generated page was made from: a digest of its page model, its print head and the
  code that renders it (assetmap's files and the versions of the libraries it renders with).
  A page whose digest is the one its file in docs/ was written from, and whose file is as it
  was left (same time and size), is not rendered again: that file is the page.

Nothing here can change a page: a page whose model cannot be digested, or whose file was
touched since, is rendered as if there were no cache. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from assetmap.render.print_head import QR_STYLE, qr_codes

CACHE = Path(".cache") / "assetmap"  # under the project's folder, beside mkdocs.yml
PACKAGE = Path(__file__).resolve().parents[1]
LIBRARIES = ("jinja2", "markupsafe", "babel", "segno", "mkdocs-material", "phonenumbers")


def read_json(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON, whole or not at all (another build may read it meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def code_digest() -> str:
    """A digest of everything besides its model that a generated page depends on: assetmap's
    code, templates and catalogues, and the versions of the libraries that render them."""
    digest = hashlib.sha256()
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --- QR codes -------------------------------------------------------------------------------


def remember_qr_codes(folder: Path) -> int:
    """Add the QR codes kept in ``folder`` to this process's; returns how many there are."""
    kept = read_json(folder / "qr-codes.json")
    if kept.get("style") == QR_STYLE and isinstance(kept.get("codes"), dict):
        qr_codes().update(kept["codes"])
    return len(qr_codes())


def keep_qr_codes(folder: Path, known: int) -> None:
    """Keep this process's QR codes in ``folder`` when there are more than ``known``."""
    if len(qr_codes()) > known:
        write_json(folder / "qr-codes.json", {"style": QR_STYLE, "codes": qr_codes()})


# --- generated pages ------------------------------------------------------------------------


class PageCache:
    """Which generated pages in ``docs_dir`` are still what their model would render."""

    def __init__(self, folder: Path | None, docs_dir: Path, code: str,
                 read: bool = True) -> None:
        self.file = folder / "pages.json" if folder is not None else None
        self.docs_dir = docs_dir
        self.code = code
        self.read = read  # False: a page still as it is in docs/ is not read, only named
        kept = read_json(self.file) if self.file is not None else {}
        self.kept: dict = kept.get("pages", {}) if kept.get("code") == code else {}
        self.digests: dict[str, str] = {}  # path under docs/ -> what it is made from
        self.reused: set[str] = set()  # the pages read from docs/, not rendered

    def digest(self, path: str, *model) -> str | None:
        """The digest of what the page at ``path`` is made from, or None when it has none
        (a model that cannot be pickled is rendered every time)."""
        try:
            data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        found = hashlib.sha256(data).hexdigest()
        self.digests[path] = found
        return found

    def page(self, path: str, digest: str | None) -> str | None:
        """The page at ``path`` as it is in docs/, if it was made from ``digest`` and has not
        been touched since ("" when the cache does not ``read``); None otherwise."""
        kept = self.kept.get(path)
        if digest is None or not isinstance(kept, list) or kept[0] != digest:
            return None
        file = self.docs_dir / path
        try:
            stat = file.stat()
            if [stat.st_mtime_ns, stat.st_size] != kept[1:]:
                return None
            text = file.read_text(encoding="utf-8") if self.read else ""
        except (OSError, UnicodeDecodeError):
            return None
        self.reused.add(path)
        return text

    def keep(self) -> None:
        """Note what each page now in docs/ was made from, for the next build."""
        if self.file is None:
            return
        pages = {}
        for path, digest in self.digests.items():
            try:
                stat = (self.docs_dir / path).stat()
            except OSError:
                continue
            pages[path] = [digest, stat.st_mtime_ns, stat.st_size]
        write_json(self.file, {"code": self.code, "pages": pages})
