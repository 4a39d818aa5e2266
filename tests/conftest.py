"""Shared fixtures: the small published networks in tests/data, and (optionally) the shared folder.

Every expected value in the measure tests names its source in the test (a paper, UCINET via
xucinet, R's sna, networkx's own test suite); tests/data/README.md says where each input
network comes from. The tests need nothing outside this repository.

``NLC_SHARED`` may point at the project's shared folder (``NLC_SHARED=../shared``). Only then
do the extra tests run that compare against its full tables (every sna expectation, sd and
z-score for three networks) and its real data; without it they are skipped, saying why.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from nlc.network import NodeTable, TieTable, build_network

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ["NLC_SHARED"]) if os.environ.get("NLC_SHARED") else None
REFERENCE = SHARED / "reference-data" if SHARED else None
REAL_DATA = (SHARED or Path(".")) / "real-data"


def pytest_collection_modifyitems(items):
    if REFERENCE is None or not REFERENCE.is_dir():
        reason = (
            "extra check against ../shared/reference-data: set NLC_SHARED to the shared folder"
            if REFERENCE is None
            else f"reference data not found at {REFERENCE} (NLC_SHARED)"
        )
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "reference" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def reference() -> Path:
    """The shared folder's reference-data (tests using it are skipped without NLC_SHARED)."""
    return REFERENCE


def matrix_network(
    path: Path, attributes: dict[str, dict[str, str]] | None = None, directed: bool = True
):
    """A network from a CSV adjacency matrix (first column = row label, row -> column)."""
    rows = list(csv.reader(path.read_text().splitlines()))
    names = rows[0][1:]
    source, target, weight = [], [], []
    for row in rows[1:]:
        for j, cell in enumerate(row[1:]):
            if cell.strip() not in ("", "0"):
                source.append(row[0])
                target.append(names[j])
                weight.append(float(cell))
    attrs = {key: [values[n] for n in names] for key, values in (attributes or {}).items()}
    ties = TieTable(str(path), source, target, np.array(weight))
    return build_network(ties, NodeTable("nodes", names, attrs), directed=directed)


def edge_network(
    path: Path,
    directed: bool,
    weight_column: int | None = None,
    nodes: list[str] | None = None,
    attributes=None,
):
    """A network from a CSV edge list whose first two columns are the ends."""
    rows = list(csv.reader(path.read_text().splitlines()))[1:]
    weight = np.array([float(r[weight_column]) for r in rows]) if weight_column else None
    ties = TieTable(str(path), [r[0] for r in rows], [r[1] for r in rows], weight)
    table = NodeTable("nodes", nodes, attributes or {}) if nodes is not None else None
    return build_network(ties, table, directed=directed)


def read_dict(path: Path, key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for row in csv.DictReader(path.read_text().splitlines())}


def sna_blocks(path: Path) -> dict[str, dict]:
    """Parse a printed ``sna::brokerage`` object: ``$name`` blocks of a table or a vector."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in path.read_text().splitlines():
        if line.startswith("$"):
            current = line[1:].strip()
            blocks[current] = []
        elif current and line.strip() and not line.startswith("clid"):
            blocks[current].append(line)
    parsed = {}
    for name, lines in blocks.items():
        header = lines[0].split()
        if name.endswith(".gli"):
            parsed[name] = dict(zip(header, map(float, lines[1].split()), strict=True))
        else:
            parsed[name] = {
                parts[0]: dict(zip(header, map(float, parts[1:]), strict=True))
                for parts in (line.split() for line in lines[1:])
            }
    return parsed


@pytest.fixture(scope="session")
def campnet():
    folder = DATA / "campnet"
    gender = read_dict(folder / "campnet_attributes.csv", "name", "Gender")
    return matrix_network(folder / "campnet_adjacency.csv", {"gender": gender})


@pytest.fixture(scope="session")
def strike():
    from nlc.network import read_ties

    groups = dict(
        line.split(",") for line in (DATA / "strike/Strikegroups.csv").read_text().splitlines()[1:]
    )
    ties = read_ties(DATA / "strike" / "Strike.net")
    names = ties.nodes.ids
    table = NodeTable("groups", names, {"group": [groups[n] for n in names]})
    return build_network(ties, table, directed=True)
