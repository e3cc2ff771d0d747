"""Whatever bytes a file holds, reading and checking it gives problems, never a traceback."""

from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.inventory import load

from .conftest import INVENTORY, TODAY

HEADER = (INVENTORY / "good.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
COLUMNS = HEADER.decode().strip().split(",")
VALUES = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(), st.booleans(),
                   st.dates(), st.lists(st.text(max_size=8), max_size=3),
                   st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))
YAML_ITEMS = st.lists(st.dictionaries(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)),
                                      VALUES, max_size=8), max_size=4)


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=400),
                      YAML_ITEMS.map(lambda items: yaml.safe_dump(items).encode("utf-8")),
                      st.text(alphabet=',;"\n\r\t abcé-:0123456789', max_size=400)
                      .map(lambda t: t.encode("utf-8"))),
       with_header=st.booleans(),
       suffix=st.sampled_from([".csv", ".yml", ".xlsx"]))
def test_any_bytes_give_problems_not_tracebacks(tmp_path_factory, settings, body, with_header,
                                                suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, folder / name)
    path = folder / f"inventory{suffix}"
    path.write_bytes((HEADER if with_header else b"") + body)
    loaded = load(path, settings, today=TODAY)
    assert all(p.message for p in loaded.problems)
