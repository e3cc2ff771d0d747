"""How long the full site build takes for a synthetic inventory of N assets.

    python benchmarks/build_site.py 1000 5000
    python benchmarks/build_site.py --languages en,fr 1000
    python benchmarks/build_site.py --no-pdf 1000

For each N: a deterministic inventory (every asset in English and French, one in three in
Arabic too) in a scratch copy of the project, then the same strict build as
``assetmap build``, in a process of its own. ``--languages`` builds only some of the site's
languages. Prints, for each N: seconds in total and per stage (inventory, exports, pages, sheets,
search, and the theme: MkDocs, Material and mkdocs-static-i18n; see ``stages.py``; a large
inventory's sheets are made in a process beside the build, so the build's "sheets" is the
time it waited for them, and the time they took there is given apart), pages and sheet pages
per second, milliseconds per sheet page (wall clock: the sheets' process shares the cores
with the build; and processor time: what a page costs), peak memory (the build's process,
and the sheets'; the processes that render pages are forks of the build's, which share its
memory), the largest page gzipped, and the time of a bare Material site with the same number
of plain pages, as a ratio. ``--edit-one-row`` builds twice, each time in a new process as
``assetmap build`` does: cold, then after the first asset's description changed, and gives
the second build's time as a share of the first's (``--repeat 3``: three such pairs, each in
a new project, and the ratio of the medians). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import logging
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import STAGES  # noqa: E402

from assetmap.build.site import build_site, copy_project  # noqa: E402

WORDS = [
    "walk", "river", "garden", "choir", "coffee", "library", "park", "food", "bike", "knit",
    "chess", "art", "music", "dance", "yoga", "trail", "friends", "seniors", "youth", "families",
    "newcomers", "help", "share", "learn", "cook", "grow", "read", "talk", "paint", "sing", "play",
    "build", "repair",
]
MOTS = [
    "marche", "rivière", "jardin", "chorale", "café", "bibliothèque", "parc", "nourriture", "vélo",
    "tricot", "échecs", "art", "musique", "danse", "yoga", "sentier", "amis", "aînés", "jeunes",
    "familles", "nouveaux", "aide", "partage", "apprendre", "cuisiner", "cultiver", "lire",
    "parler", "peindre", "chanter", "jouer",
]
KALIMAT = [
    "مشي", "نهر", "حديقة", "جوقة", "قهوة", "مكتبة", "منتزه", "طعام", "دراجة", "حياكة", "شطرنج",
    "فن", "موسيقى", "رقص", "يوغا", "مسار", "أصدقاء", "كبار", "شباب", "عائلات",
]
COLUMNS = [
    "id", "name", "name:fr", "name:ar", "category", "neighbourhood", "kind", "description",
    "description:fr", "description:ar", "who_for", "who_for:fr", "cost", "cost_note", "how_to_join",
    "accepting", "hours", "hours:fr", "address", "postal_code", "phone", "email", "website",
    "languages", "accessibility", "last_verified", "verified_by",
]
FEATURES = ["wheelchair", "accessible-washroom", "hearing-loop", "large-print", "near-transit",
            "parking", "quiet-space", "scent-free"]


VOCABULARIES = ("narrow", "wide")


def vocabulary(name: str) -> dict[str, list[str]]:
    """The words descriptions are drawn from, by language.

    ``narrow``: the 20 to 33 words above, so each word is in more than half of the
    descriptions: the worst case for a search index, whose list of pages for a word grows
    with the pages that have it. ``wide``: about a thousand common words per language (Faker's
    word lists, ``pip install -e .[bench]``) plus the words above, so a word is in a few
    percent of the descriptions, as in a real directory."""
    if name == "narrow":
        return {"en": WORDS, "fr": MOTS, "ar": KALIMAT}
    from faker.providers.lorem.en_US import Provider as English
    from faker.providers.lorem.fr_FR import Provider as French

    return {"en": sorted(set(English.word_list) | set(WORDS)),
            "fr": sorted(set(French.word_list) | set(MOTS)), "ar": KALIMAT}


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def synthetic_row(index: int, rng: random.Random, categories: list[str],
                  places: list[str], today: dt.date,
                  words: dict[str, list[str]] | None = None) -> dict[str, str]:
    words = words or vocabulary("narrow")
    arabic = index % 3 == 0
    topic = rng.choice(WORDS)
    where = "all" if rng.random() < 0.05 else "; ".join(rng.sample(places, rng.choice((1, 1, 2))))
    return {
        "id": f"asset-{index:05d}",
        "name": f"{topic.capitalize()} group {index}",
        "name:fr": f"Groupe {rng.choice(MOTS)} {index}",
        "name:ar": f"مجموعة {rng.choice(KALIMAT)} {index}" if arabic else "",
        "category": "; ".join(rng.sample(categories, rng.choice((1, 1, 2)))),
        "neighbourhood": where,
        "kind": rng.choice(("formal", "informal")),
        "description": _sentence(rng, words["en"], 18) + " " + _sentence(rng, words["en"], 10),
        "description:fr": (_sentence(rng, words["fr"], 18) + " "
                           + _sentence(rng, words["fr"], 10)),
        "description:ar": _sentence(rng, words["ar"], 15) if arabic else "",
        "who_for": _sentence(rng, words["en"], 6),
        "who_for:fr": _sentence(rng, words["fr"], 6) if index % 2 else "",
        "cost": rng.choice(("free", "low-cost", "fee")),
        "cost_note": "Pay what you can" if index % 4 == 0 else "",
        "how_to_join": rng.choice(("drop-in", "self-referral", "referral", "appointment")),
        "accepting": rng.choice(("yes", "waitlist", "no")),
        "hours": f"Tuesdays {rng.randint(9, 11)} am to {rng.randint(1, 4)} pm",
        "hours:fr": f"Le mardi de {rng.randint(9, 11)} h à {rng.randint(13, 16)} h",
        "address": f"{rng.randint(1, 999)} {rng.choice(WORDS).capitalize()} Street",
        "postal_code": "K7R 1A1",
        "phone": f"613-555-01{index % 100:02d}",
        "email": f"contact{index}@example.org",
        "website": f"https://example.org/{index}",
        "languages": "; ".join(rng.sample(["en", "fr", "ar", "es", "zh-Hans", "ase"], 2)),
        "accessibility": "; ".join(rng.sample(FEATURES, rng.randint(0, 3))),
        "last_verified": (today - dt.timedelta(days=rng.randint(0, 300))).isoformat(),
        "verified_by": "Link worker",
    }


def write_inventory(folder: Path, count: int, today: dt.date,
                    languages: tuple[str, ...] = ("en", "fr", "ar"),
                    words: str = "narrow") -> None:
    """``count`` synthetic assets in ``folder``, with text in ``languages`` only, drawn from
    the ``words`` vocabulary (see ``vocabulary``)."""
    drawn_from = vocabulary(words)
    folder.mkdir(parents=True, exist_ok=True)
    columns = [c for c in COLUMNS if ":" not in c or c.split(":")[1] in languages]
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy2(ROOT / "data" / name, folder / name)
    categories = [t["id"] for t in yaml.safe_load((folder / "categories.yml").read_text())]
    places = [t["id"] for t in yaml.safe_load((folder / "neighbourhoods.yml").read_text())]
    rng = random.Random(count)
    with (folder / "assets.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for index in range(1, count + 1):
            writer.writerow(synthetic_row(index, rng, categories, places, today, drawn_from))


def only_languages(config_file: Path, languages: tuple[str, ...]) -> None:
    """Build only ``languages`` of the site: drop the others from the scratch mkdocs.yml."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [lang for lang in plugin["i18n"]["languages"]
                                           if lang["locale"] in languages]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")


def without_sheets(config_file: Path) -> None:
    """No PDF sheets in the scratch mkdocs.yml (``--no-pdf``): an option of the plugin."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "assetmap" in plugin:
            plugin["assetmap"]["pdf_sheets"] = False
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")


BUILD = ("import sys; from assetmap.build.site import build_site; "
         "sys.exit(0 if build_site(sys.argv[1]) else 1)")


def build_in_a_process(config: Path, profile: Path | None = None) -> tuple[bool, float]:
    """The build as ``assetmap build`` runs it, in a process of its own: (ok, seconds)."""
    profiling = ["-m", "cProfile", "-o", str(profile)] if profile else []
    script = config.parent.parent / "build_once.py"  # cProfile runs files, not -c
    script.write_text(BUILD + "\n", encoding="utf-8")
    start = time.perf_counter()
    run = subprocess.run([sys.executable, *profiling, str(script), str(config)],
                         cwd=config.parent, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         stdout=subprocess.DEVNULL)
    return run.returncode == 0, time.perf_counter() - start


def edit_one_row(folder: Path) -> None:
    """Change the description of the first asset of ``folder``'s assets.csv."""
    path = folder / "assets.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    rows[0]["description"] = "Changed for the benchmark. " + rows[0]["description"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def scratch_project(scratch: Path, count: int, languages: tuple[str, ...], pdf: bool) -> Path:
    """A copy of the project in ``scratch`` with ``count`` synthetic assets in ``languages``
    (with or without the PDF sheets); returns its mkdocs.yml."""
    write_inventory(scratch / "inventory", count, dt.date.today(), languages)
    config = copy_project(scratch / "project", scratch / "inventory")
    if not pdf:
        without_sheets(config)
    only_languages(config, languages)
    return config


def measure_edit(count: int, keep: bool, languages: tuple[str, ...] = ("en", "fr", "ar"),
                 pdf: bool = True, profile: Path | None = None) -> dict:
    """A cold build, then the build after a one-row edit (``profile``: its cProfile)."""
    scratch = Path(tempfile.mkdtemp(prefix=f"assetmap-bench-{count}-"))
    try:
        config = scratch_project(scratch, count, languages, pdf)
        cold_ok, cold = build_in_a_process(config)
        edit_one_row(scratch / "project" / "data")
        edit_ok, edit = build_in_a_process(config, profile)
        return {"assets": count, "ok": cold_ok and edit_ok, "cold": cold, "edit": edit,
                "folder": scratch}
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


def site_facts(site: Path) -> dict:
    """Pages, bytes, the largest page gzipped, and the PDF sheets' files and pages."""
    from pypdf import PdfReader

    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    largest, largest_page = 0, ""
    for path in html:
        size = len(gzip.compress(path.read_bytes(), 6))
        if size > largest:
            largest, largest_page = size, path.relative_to(site).as_posix()
    sheets = [p for p in files if p.suffix == ".pdf"]
    return {"pages": sum(p.name == "index.html" for p in html),
            "bytes": sum(p.stat().st_size for p in files),
            "largest_gz": largest, "largest_page": largest_page,
            "sheets": len(sheets),
            "sheet_pages": sum(len(PdfReader(p).pages) for p in sheets)}


def peak_memory() -> int:
    """Bytes: the largest resident set of this process, as the kernel counts it (Linux:
    kilobytes)."""
    return 1024 * resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def time_sheets() -> list:
    """Have each language's sheets say how long they took where they were made (in the
    sheets' own process, beside the pages, for a large inventory) and that process's peak
    memory: ``Printed``, appended."""
    from assetmap.build.printing import Printing

    printed: list = []
    asked = Printing.sheets

    def sheets(self, lang):
        printed.append(asked(self, lang))
        return printed[-1]

    Printing.sheets = sheets
    return printed


def measure(count: int, keep: bool, languages: tuple[str, ...] = ("en", "fr", "ar"),
            pdf: bool = True) -> dict:
    """One cold build of ``count`` synthetic assets, in this process: seconds in total and
    per stage (``stages.py``), and what it made."""
    from stages import StageClock

    scratch = Path(tempfile.mkdtemp(prefix=f"assetmap-bench-{count}-"))
    try:
        config = scratch_project(scratch, count, languages, pdf)
        clock = StageClock().install()
        printed = time_sheets()
        start = time.perf_counter()
        ok = build_site(config)
        seconds = time.perf_counter() - start
        facts = site_facts(scratch / "project" / "site")
        return {"assets": count, "ok": ok, "seconds": seconds,
                "stages": clock.table(seconds), "missing": clock.missing,
                "sheet_seconds": sum(p.seconds for p in printed),
                "sheet_cpu_seconds": sum(p.cpu_seconds for p in printed),
                "peak_memory": peak_memory(),
                "peak_memory_sheets": max((p.peak_memory for p in printed
                                           if p.process != os.getpid()), default=0),
                **facts,
                "bytes_per_asset": facts["bytes"] / count, "folder": str(scratch)}
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


def bare_site(pages: int, keep: bool) -> dict:
    """The same number of plain pages (a title and a paragraph) built by MkDocs with the
    Material theme alone, kept out of the nav as assetmap's entries are: the floor."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    scratch = Path(tempfile.mkdtemp(prefix=f"assetmap-bare-{pages}-"))
    try:
        docs = scratch / "docs"
        (docs / "p").mkdir(parents=True)
        (docs / "index.md").write_text("# Bare\n\nA plain site.\n", encoding="utf-8")
        rng = random.Random(pages)
        for index in range(1, pages):
            (docs / "p" / f"{index:06d}.md").write_text(
                f"# Page {index}\n\n{_sentence(rng, WORDS, 60)}\n", encoding="utf-8")
        (scratch / "mkdocs.yml").write_text(
            "site_name: Bare\ntheme:\n  name: material\n  font: false\nnav:\n  - index.md\n"
            "not_in_nav: |\n  /p/\n", encoding="utf-8")
        config = load_config(str(scratch / "mkdocs.yml"))
        start = time.perf_counter()
        build(config)
        return {"pages": pages, "seconds": time.perf_counter() - start,
                "peak_memory": peak_memory()}
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


def in_child(*args: str) -> dict:
    """Run this script with ``args`` in a fresh process (so that each build's peak memory
    is its own) and return what it printed as JSON."""
    done = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                          check=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


# Stages named for the table: the build waits for the sheets made beside it
STAGE_NAMES = {"sheets": "sheets, waited for"}


def report(results: list[dict]) -> str:
    """The results as a Markdown table, one column per size."""
    rows = [("assets", lambda r: f"{r['assets']:,}"),
            ("total (s)", lambda r: f"{r['seconds']:.1f}")]
    rows += [(f"– {STAGE_NAMES.get(stage, stage)} (s)",
              lambda r, s=stage: f"{r['stages'][s]:.1f}") for stage in (*STAGES, "theme")]
    rows += [("sheets made, beside the build (s)", lambda r: f"{r['sheet_seconds']:.1f}")]
    rows += [("pages", lambda r: f"{r['pages']:,}"),
             ("pages per second", lambda r: f"{r['pages'] / r['seconds']:.0f}"),
             ("sheets (PDF files / pages)", lambda r: f"{r['sheets']:,} / {r['sheet_pages']:,}"),
             ("sheet pages per second", lambda r: f"{r['sheet_pages'] / r['sheet_seconds']:.0f}"
              if r["sheet_pages"] else "–"),
             ("ms per sheet page", lambda r: f"{1000 * r['sheet_seconds'] / r['sheet_pages']:.1f}"
              if r["sheet_pages"] else "–"),
             ("ms of processor time per sheet page",
              lambda r: f"{1000 * r['sheet_cpu_seconds'] / r['sheet_pages']:.1f}"
              if r["sheet_pages"] else "–"),
             ("peak memory, build (MB)", lambda r: f"{r['peak_memory'] / 1e6:,.0f}"),
             ("peak memory, sheets' process (MB)",
              lambda r: f"{r['peak_memory_sheets'] / 1e6:,.0f}"
              if r["peak_memory_sheets"] else "–"),
             ("largest page gzipped (KB)", lambda r: f"{r['largest_gz'] / 1e3:.1f}"),
             ("site (MB)", lambda r: f"{r['bytes'] / 1e6:.1f}"),
             ("bare Material, same pages (s)",
              lambda r: f"{r['bare']['seconds']:.1f}" if r.get("bare") else "–"),
             ("ratio to bare Material",
              lambda r: f"{r['seconds'] / r['bare']['seconds']:.1f}×" if r.get("bare") else "–")]
    lines = ["| " + " | ".join(["", *(f"{r['assets']:,}" for r in results)]) + " |",
             "|---" * (len(results) + 1) + "|"]
    lines += ["| " + " | ".join([name, *(cell(r) for r in results)]) + " |"
              for name, cell in rows[1:]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000],
                        help="numbers of assets (default: 1000)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch projects")
    parser.add_argument("--languages", default="en,fr,ar",
                        help="the site's languages to build, e.g. en,fr (default: all three)")
    parser.add_argument("--no-pdf", action="store_true", help="without the PDF sheets")
    parser.add_argument("--no-bare", action="store_true",
                        help="without the bare Material build of the same number of pages")
    parser.add_argument("--verbose", action="store_true", help="show MkDocs' messages")
    parser.add_argument("--edit-one-row", action="store_true",
                        help="a cold build, then one after a one-row edit (each in a new "
                             "process), and the ratio of their times")
    parser.add_argument("--repeat", type=int, default=1,
                        help="with --edit-one-row: this many pairs of builds, each in a new "
                             "project, and the medians' ratio")
    parser.add_argument("--profile", type=Path, default=None,
                        help="with --edit-one-row: save the second build's cProfile here")
    parser.add_argument("--child", choices=("assetmap", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.verbose else logging.WARNING)
    if args.edit_one_row:
        sys.exit(edit_runs(args))
    if args.child == "assetmap":
        print(json.dumps(measure(args.sizes[0], args.keep, tuple(args.languages.split(",")),
                                 not args.no_pdf)))
        return
    if args.child == "bare":
        print(json.dumps(bare_site(args.sizes[0], args.keep)))
        return
    passed = [flag for flag, given in (("--keep", args.keep), ("--no-pdf", args.no_pdf),
                                       ("--verbose", args.verbose)) if given]
    results = []
    for count in args.sizes:
        result = in_child(str(count), "--child", "assetmap", "--languages", args.languages,
                          *passed)
        if not args.no_bare:
            result["bare"] = in_child(str(result["pages"]), "--child", "bare")
        results.append(result)
        kept = f"  kept in {result['folder']}" if args.keep else ""
        missing = f"  (not timed: {', '.join(result['missing'])})" if result["missing"] else ""
        print(f"{count:>6} assets: {result['seconds']:7.1f} s  {result['pages']:>6} pages  "
              f"{result['bytes'] / 1e6:8.1f} MB  {result['bytes_per_asset'] / 1e3:6.1f} kB/asset"
              f"{'' if result['ok'] else '  BUILD FAILED'}{kept}{missing}", flush=True)
    print(report(results))
    sys.exit(0 if all(r["ok"] for r in results) else 1)


def edit_runs(args) -> int:
    """``--repeat`` times: a new project, its cold build, then the build after a one-row
    edit; each pair's figures, then the medians' ratio."""
    ok = True
    for count in args.sizes:
        colds, edits = [], []
        for _ in range(args.repeat):
            result = measure_edit(count, args.keep, tuple(args.languages.split(",")),
                                  not args.no_pdf, args.profile)
            ok = ok and result["ok"]
            colds.append(result["cold"])
            edits.append(result["edit"])
            print(f"{count:>6} assets: cold {result['cold']:7.1f} s  after a one-row edit "
                  f"{result['edit']:7.1f} s  ratio {result['edit'] / result['cold']:5.0%}"
                  f"{'' if result['ok'] else '  BUILD FAILED'}", flush=True)
        if args.repeat > 1:
            cold, edit = statistics.median(colds), statistics.median(edits)
            print(f"{count:>6} assets, median of {args.repeat}: cold {cold:7.1f} s  after a "
                  f"one-row edit {edit:7.1f} s  ratio {edit / cold:5.0%}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    main()
