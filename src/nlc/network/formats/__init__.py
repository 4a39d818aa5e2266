"""Readers and writers for graph files: GraphML, GEXF, Pajek, UCINET DL and Kumu JSON, one
module each.

Each reader returns a :class:`~nlc.network.model.TieTable` whose ``nodes`` lists every node
the file declares, in file order, so that isolates are kept, and whose ``rows`` give the
line of each tie. Cleaning (unknown nodes, duplicates, self-loops) is left to
:func:`~nlc.network.model.build_network`, as for tabular files.

Layout
------
One module per format, as in networkx's ``readwrite`` package: :mod:`.graphml`,
:mod:`.gexf`, :mod:`.pajek`, :mod:`.ucinet_dl` and :mod:`.kumu`, each with its reader and
its writer side by side, sharing only the private :mod:`._common` (collecting ties, node
tables, checked values, a line-keeping XML parser, text for writing).

Survey answers are read by :mod:`.network_canvas` (a Network Canvas export, CSV or
GraphML) and :mod:`.roster` (a generic one-answer-per-row roster file) into lists of
:class:`SurveyRecord`, not tie tables: a survey's answers become ties only when its wave
is closed.
:func:`read_graph_file` and :func:`write_graph_file` choose the reader or writer by the
file's extension. What a writer writes, its reader reads back as the same network (DL keeps
no attributes, types or dates).

Notes
-----
The readers are written here rather than borrowed from networkx for two reasons: networkx
would become a run-time dependency of the core package, and its readers do not keep line
numbers, so a bad value could not be reported as "file, line 12". XML is parsed with the
standard library's expat parser (the parser underneath :mod:`xml.etree`), which reports the
line of every element and of every syntax error. Entity declarations are refused, so a
hostile file cannot expand into gigabytes ("billion laughs").

Conventions shared by all formats:

* weights must be numbers of at least 0, as in tabular files; a file with no weights gives
  ``weight=None``;
* ``directed`` is set only when the file says so; a file that mixes directed and undirected
  ties is read as directed, with each undirected tie given in both directions;
* node attribute values are strings, ``None`` where missing.
"""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats.gexf import read_gexf, write_gexf
from nlc.network.formats.graphml import read_graphml, write_graphml
from nlc.network.formats.kumu import read_kumu, write_kumu
from nlc.network.formats.network_canvas import SurveyRecord, read_network_canvas
from nlc.network.formats.pajek import read_pajek, write_pajek
from nlc.network.formats.roster import read_roster
from nlc.network.formats.ucinet_dl import read_dl, write_dl
from nlc.network.model import TieTable

__all__ = [
    "READERS",
    "WRITERS",
    "SurveyRecord",
    "read_dl",
    "read_gexf",
    "read_graph_file",
    "read_graphml",
    "read_kumu",
    "read_network_canvas",
    "read_pajek",
    "read_roster",
    "write_dl",
    "write_gexf",
    "write_graph_file",
    "write_graphml",
    "write_kumu",
    "write_pajek",
]

READERS = {
    ".graphml": read_graphml,
    ".gexf": read_gexf,
    ".net": read_pajek,
    ".paj": read_pajek,
    ".dl": read_dl,
    ".json": read_kumu,
}
"""The reader of each graph file extension (lower case, with the dot)."""

WRITERS = {
    ".graphml": write_graphml,
    ".gexf": write_gexf,
    ".net": write_pajek,
    ".paj": write_pajek,
    ".dl": write_dl,
    ".json": write_kumu,
}
"""The writer of each graph file extension: the same extensions as :data:`READERS`."""


def read_graph_file(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a GraphML, GEXF, Pajek, UCINET DL or Kumu JSON file, chosen by its extension.

    Parameters
    ----------
    path : str or Path
        A ``.graphml``, ``.gexf``, ``.net``/``.paj``, ``.dl`` or ``.json`` (Kumu) file.
    weight : str, optional
        Name of the tie attribute holding weights (GraphML, GEXF, and ``key value`` pairs on
        Pajek tie lines). By default the attribute ``weight`` is used when present, and the
        value column of Pajek and DL files.

    Returns
    -------
    TieTable
        With ``nodes`` set to every declared node, in file order.

    Raises
    ------
    InputError
        For a missing or empty file, malformed XML, a tie naming an undeclared Pajek
        vertex, a DL matrix with the wrong number of cells, a weight that is not a number of
        at least 0, and similar faults, naming the file and line.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"not a graph file type NLC reads ({', '.join(READERS)})", path=str(path))
    return reader(path, weight=weight)


def write_graph_file(ties: TieTable, path: str | Path) -> None:
    """Write ties (and their nodes) as GraphML, GEXF, Pajek, UCINET DL or Kumu JSON, by extension.

    Parameters
    ----------
    ties : TieTable
        What a reader returned, or any tie table; its ``nodes``, if set, are written first
        (isolates included) with their attributes.
    path : str or Path
        A ``.graphml``, ``.gexf``, ``.net``/``.paj``, ``.dl`` or ``.json`` (Kumu) file,
        written as UTF-8.

    Raises
    ------
    InputError
        For an extension with no writer, a file that cannot be written, or a label the
        format cannot hold (a double quote in Pajek or DL).
    """
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputError(f"not a graph file type NLC writes ({', '.join(WRITERS)})", path=str(path))
    writer(ties, path)
