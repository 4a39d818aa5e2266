"""Shared fixtures: loaders for the published reference networks in ../shared/reference-data.

Every expected value in the tests names its source (a paper, UCINET via xucinet, R's sna,
networkx's own test suite); EXPECTED.md in that folder gives the provenance of each.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from nlc.network import NodeTable, TieTable, build_network

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NLC_SHARED", ROOT.parent / "shared"))
REFERENCE = SHARED / "reference-data"
REAL_DATA = SHARED / "real-data"


def pytest_collection_modifyitems(items):
    if not REFERENCE.is_dir():
        skip = pytest.mark.skip(reason=f"reference data not found at {REFERENCE}")
        for item in items:
            if "reference" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def reference() -> Path:
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
def campnet(reference):
    folder = reference / "campnet"
    gender = read_dict(folder / "campnet_attributes.csv", "name", "Gender")
    return matrix_network(folder / "campnet_adjacency.csv", {"gender": gender})


@pytest.fixture(scope="session")
def strike(reference):
    from nlc.network import read_ties

    groups = dict(
        line.split(",")
        for line in (reference / "strike/Strikegroups.csv").read_text().splitlines()[1:]
    )
    ties = read_ties(reference / "strike" / "Strike.net")
    names = ties.nodes.ids
    table = NodeTable("groups", names, {"group": [groups[n] for n in names]})
    return build_network(ties, table, directed=True)
