"""How long a one-row edit of the inventory takes to go live in ``mkdocs serve``.

    python benchmarks/serve_edit.py
    python benchmarks/serve_edit.py --no-pdf --root /path/to/another/checkout
    python benchmarks/serve_edit.py -- --lang fr      (arguments for the serve command)

Copies the project (mkdocs.yml, hand-written docs, overrides, the sample inventory) to a scratch
folder, starts ``mkdocs serve`` there, waits for the first build, changes the description of
the first asset in ``data/assets.csv`` and measures the time until the server reloads the
browsers with the asset's page rebuilt (its new text on disk). Then it waits a while longer
and counts the rebuilds that followed the edit: one is the goal. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import csv
import io
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "Edited for the serve benchmark"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy(root: Path, dest: Path) -> None:
    sys.path.insert(0, str(root))
    from assetmap.build.site import copy_project

    copy_project(dest, root / "data", root)
    (dest / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)


def _no_pdf(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("pdf_sheets: true", "pdf_sheets: false"), encoding="utf-8")


def _edit_first_row(data: Path) -> str:
    """Change the first asset's description; returns the asset's id."""
    path = data / "assets.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["description"] = f"{MARK} {time.time():.0f}. " + rows[0]["description"]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[0]["id"]


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line.rstrip()))


def _wait_for(lines: queue.Queue, pattern: str, timeout: float, log: list) -> float | None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        try:
            when, line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        log.append(line)
        if re.search(pattern, line):
            return when
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--no-pdf", action="store_true", help="without the PDF sheets")
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds to wait for more rebuilds after the first (default 20)")
    parser.add_argument("--command", default="mkdocs",
                        help="'mkdocs' (mkdocs serve) or 'assetmap' (assetmap serve)")
    parser.add_argument("serve_args", nargs="*", help="more arguments for the serve command")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="assetmap-serve-"))
    server = None
    try:
        project = scratch / "project"
        _copy(args.root.resolve(), project)
        if args.no_pdf:
            _no_pdf(project / "mkdocs.yml")
        port = _free_port()
        command = ([sys.executable, "-m", "mkdocs"] if args.command == "mkdocs"
                   else [str(Path(sys.executable).parent / "assetmap")])
        server = subprocess.Popen([*command, "serve", "-a", f"127.0.0.1:{port}",
                                   *args.serve_args], cwd=project, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_reader, args=(server.stdout, lines), daemon=True).start()
        log: list[str] = []
        start = time.perf_counter()
        if _wait_for(lines, r"Serving on", 600, log) is None:
            sys.exit("The server did not start:\n" + "\n".join(log[-30:]))
        print(f"first build and start: {time.perf_counter() - start:.1f} s", flush=True)
        site = next((m.group(1) for line in log
                     if (m := re.search(r"to directory: (\S+mkdocs_\w+)", line))), None)
        time.sleep(2)  # let the watcher take its first look at the files
        edited = time.perf_counter()
        asset = _edit_first_row(project / "data")
        live = _wait_for(lines, r"Reloading browsers", 600, log)
        if live is None:
            sys.exit("No rebuild after the edit:\n" + "\n".join(log[-30:]))
        page = next(Path(site).rglob(f"{asset}/index.html"), None) if site else None
        on_disk = page is not None and MARK in page.read_text(encoding="utf-8")
        print(f"edit to live: {live - edited:.1f} s (the page's new text on disk: {on_disk})")
        rebuilds = 1
        while _wait_for(lines, r"Detected file changes", args.settle, log) is not None:
            rebuilds += 1
            _wait_for(lines, r"Reloading browsers", 600, log)
        print(f"rebuilds after one edit: {rebuilds} (waited {args.settle:.0f} s for more)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
