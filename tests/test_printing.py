"""The sheets of a build made beside it (``assetmap/build/printing.py``): a large inventory's
in a process of their own, started with the build, a small one's in the build's process when
the plugin asks for them. Either way the PDFs are the same files, and what making them logs
(a sheet that cannot claim PDF/UA) reaches the build's log. A process that stops is reported,
not waited for."""

from __future__ import annotations

import csv
import gc
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import threading
import weakref

import pytest

from assetmap.build import printing
from assetmap.build.printing import Printing
from assetmap.inventory.load import load
from assetmap.render.pdf import PdfError, cache_pdfs
from assetmap.render.sheets import each_sheet, render_sheets

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


# --- threads: two sheets set at once -------------------------------------------------------


def test_two_threads_make_the_pdfs_one_thread_makes(inventory, tmp_path):
    """Byte for byte, in a language set left to right and in one set right to left."""
    for lang in ("ar", "en"):
        sheets = render_sheets(inventory, lang, TODAY)
        one, _ = cache_pdfs(sheets, tmp_path / lang / "one", threads=1)
        two, made = cache_pdfs(sheets, tmp_path / lang / "two", threads=2)
        assert made == len(sheets) > 2
        assert {path: pdf.read_bytes() for path, pdf in two.items()} == \
            {path: pdf.read_bytes() for path, pdf in one.items()}


def test_two_threads_set_two_sheets_at_the_same_time(inventory, monkeypatch, tmp_path):
    """Each of the first two sheets waits, before it is set, for the other to start too: made
    one at a time, the first waits in vain and the wait runs out."""
    from assetmap.render import pdf

    together = threading.Barrier(2, timeout=30)
    started: list[str] = []
    render = pdf.render_pdf

    def render_with_another(sheet, *args):
        started.append(sheet.data["title"])
        if len(started) <= 2:
            together.wait()
        return render(sheet, *args)

    monkeypatch.setattr(pdf, "render_pdf", render_with_another)
    sheets = render_sheets(inventory, "en", TODAY)
    _, made = cache_pdfs(sheets, tmp_path, threads=2)
    assert made == len(sheets) == len(started)
    assert not together.broken


def test_sheets_are_taken_a_few_at_a_time_however_many_there_are(inventory, monkeypatch,
                                                                 tmp_path):
    """A thread starts a sheet at most twice the threads' number of sheets after the last one
    taken, and a sheet made is let go of: a large inventory's sheets are not all in memory at
    once."""
    from assetmap.render import pdf

    taken: list[str] = []
    ahead: list[int] = []
    kept: list[weakref.ref] = []
    in_memory: list[int] = []
    render = pdf.render_pdf
    lock = threading.Lock()

    def render_counted(sheet, *args):
        with lock:
            ahead.append(len(taken) - taken.index(sheet.data["title"]) - 1)
        return render(sheet, *args)

    def one_at_a_time():  # the sample's sheets four times over, each time with other titles
        for copy in range(4):
            for path, sheet in each_sheet(inventory, "en", TODAY):  # made one at a time
                sheet.data["title"] += f" ({copy})"
                taken.append(sheet.data["title"])
                gc.collect()
                in_memory.append(sum(ref() is not None for ref in kept))
                kept.append(weakref.ref(sheet))
                yield f"{copy}/{path}", sheet

    monkeypatch.setattr(pdf, "render_pdf", render_counted)
    _, made = cache_pdfs(one_at_a_time(), tmp_path, threads=2)
    assert made == len(taken) == len(ahead) > 8
    assert max(ahead) <= 2 * 2
    assert max(in_memory) <= 2 * 2


def test_a_sheet_that_cannot_be_made_stops_the_threads_with_its_error(inventory, monkeypatch,
                                                                      tmp_path):
    from assetmap.render import pdf

    render = pdf.render_pdf

    def render_but_nature(sheet, *args):
        if "nature" in sheet.data["title"].lower():
            raise PdfError("The nature sheet could not be made.")
        return render(sheet, *args)

    monkeypatch.setattr(pdf, "render_pdf", render_but_nature)
    with pytest.raises(PdfError, match="nature sheet"):
        cache_pdfs(render_sheets(inventory, "en", TODAY), tmp_path, threads=2)
    assert not list(tmp_path.glob("*.part"))
