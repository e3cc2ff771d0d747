"""The sheets of a build made beside it (``assetmap/build/printing.py``): a large inventory's
in a process of their own, started with the build, a small one's in the build's process when
the plugin asks for them. Either way the PDFs are the same files, and what making them logs
(a sheet that cannot claim PDF/UA) reaches the build's log. A process that stops is reported,
not waited for."""

from __future__ import annotations

import csv
import os
import pickle
import shutil
import subprocess
import sys
import textwrap

import pytest

from assetmap.build import printing
from assetmap.build.printing import Printing
from assetmap.inventory.load import load
from assetmap.render.pdf import PdfError, cache_pdfs
from assetmap.render.sheets import render_sheets

from .support.project import ROOT, SITE_DATA, TODAY

YI = "\N{YI SYLLABLE IT}"  # a letter of a script the sheets' fonts lack: drawn as a box


@pytest.fixture(scope="module")
def inventory(settings, tmp_path_factory):
    """The fixture site's inventory, one name with a letter the sheets' fonts lack."""
    data = tmp_path_factory.mktemp("inventory")
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(SITE_DATA / name, data / name)
    with (SITE_DATA / "assets.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    rows[0]["name"] += f" {YI}"
    with (data / "assets.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    loaded = load(data, settings, today=TODAY)
    assert not loaded.has_errors, loaded.problems
    return loaded.inventory


def test_a_large_inventorys_sheets_are_made_in_a_process_of_their_own(inventory, monkeypatch,
                                                                      tmp_path):
    monkeypatch.setattr(printing, "MIN_ASSETS", 1)  # as large as it takes
    ballast = b"x" * 600_000_000  # this process is large; the process of sheets is not
    beside = Printing(inventory, ["ar", "en"], TODAY, tmp_path / "beside")
    try:
        assert beside.beside
        arabic, english = beside.sheets("ar"), beside.sheets("en")
    finally:
        beside.close()
        del ballast
    assert os.getpid() not in {arabic.process, english.process}
    # Its peak memory is its own, not that of the process it was started from
    assert 0 < arabic.peak_memory <= english.peak_memory < 400_000_000
    for lang, printed in (("ar", arabic), ("en", english)):
        here, made = cache_pdfs(render_sheets(inventory, lang, TODAY), tmp_path / "here")
        assert made == len(here) == len(printed.files) == printed.made > 0
        assert {path: pdf.read_bytes() for path, pdf in printed.files.items()} == \
            {path: pdf.read_bytes() for path, pdf in here.items()}
    # What making the sheets with that letter logged comes back to be logged by the build
    assert any(YI in note and "not PDF/UA-1" in note for note in english.notes)


def test_a_small_inventorys_sheets_are_made_here_when_asked_for(inventory, tmp_path):
    assert len(inventory.assets) < printing.MIN_ASSETS
    here = Printing(inventory, ["en"], TODAY, tmp_path)
    assert not here.beside
    assert not list(tmp_path.glob("*.pdf"))  # nothing made before it is asked for
    printed = here.sheets("en")
    assert printed.process == os.getpid()
    assert printed.notes == []  # logged as they were made, not twice
    assert sorted(printed.files) == sorted(render_sheets(inventory, "en", TODAY))
    assert all(pdf.is_file() for pdf in printed.files.values())


def test_a_process_that_stops_is_reported_with_what_it_said(inventory, monkeypatch, tmp_path):
    monkeypatch.setattr(printing, "MIN_ASSETS", 1)
    monkeypatch.setattr(printing, "COMMAND", [sys.executable, "-c", (
        "import sys; sys.stdin.buffer.read(); "
        "sys.stderr.write('No fonts could be read here.'); sys.exit(3)")])
    stopped = Printing(inventory, ["en"], TODAY, tmp_path)
    try:
        with pytest.raises(PdfError, match=r"(?s)exit code 3.*No fonts could be read here"):
            stopped.sheets("en")
    finally:
        stopped.close()


def test_a_script_that_builds_without_a_main_guard_gets_its_sheets(inventory, tmp_path):
    """The process of sheets does not run the script that started the build again (as
    multiprocessing's "spawn" would: the script would start another build, or stop, and
    leave this one waiting)."""
    script = tmp_path / "build_once.py"
    script.write_text(textwrap.dedent("""\
        import pickle, sys
        from pathlib import Path
        from assetmap.build import printing
        printing.MIN_ASSETS = 1
        inventory, today = pickle.loads(Path(sys.argv[1]).read_bytes())
        job = printing.Printing(inventory, ["en"], today, Path(sys.argv[2]))
        printed = job.sheets("en")
        job.close()
        print(len(printed.files), printed.made)
        """), encoding="utf-8")
    given = tmp_path / "inventory.pickle"
    given.write_bytes(pickle.dumps((inventory, TODAY)))
    done = subprocess.run([sys.executable, str(script), str(given), str(tmp_path / "cache")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    sheets = len(render_sheets(inventory, "en", TODAY))
    assert done.stdout.split() == [str(sheets), str(sheets)]
