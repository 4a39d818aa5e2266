"""``nlc convert IN OUT``: any format NLC reads into any format it writes, by extension.

The command reads with the same network options as ``nlc analyse`` (``--nodes``,
``--directed/--undirected``, ``--type``, ``--as-of``, ``--min-weight``, ``--two-mode``...:
:func:`nlc.cli_options.network_options`), so a file that ``nlc analyse`` reads can be
converted, filtered the same way. Without ``--min-weight`` and ``--two-mode`` the ties are
written as read (each tie with its weight, type and date; duplicates kept), after the same
checks ``nlc analyse`` makes; with either, the cleaned network that ``nlc analyse`` measures
is written (ties merged, no types or dates).
"""

from __future__ import annotations

import click

from nlc.cli_options import InputErrorCommand, NetworkOptions, network_options

__all__ = ["convert", "converted_ties"]


def converted_ties(source: NetworkOptions):
    """Read the input as the options say and return ``(ties to write, notes for the user)``.

    Raises :class:`~nlc.errors.InputError` (bad input) or :class:`click.UsageError`.
    """
    from nlc.network import read_nodes, read_ties
    from nlc.network.io import network_ties
    from nlc.network.model import filter_ties

    # Read and clean as nlc analyse does: the same checks (unknown nodes, repeated ids...).
    network, _ = source.load()
    if source.two_mode or source.min_weight is not None:
        return network_ties(network, label=str(source.ties)), network.warnings
    ties = read_ties(
        source.ties,
        source=source.source_column,
        target=source.target_column,
        weight=source.weight,
    )
    nodes = read_nodes(source.nodes, id_column=source.id_column) if source.nodes else None
    types = [t.strip() for value in source.types for t in value.split(",") if t.strip()]
    kept = filter_ties(ties, types=types or None, as_of=source.as_of)
    kept.nodes = nodes if nodes is not None else ties.nodes
    if source.directed is not None:
        kept.directed = source.directed
    notes = [w for w in network.warnings if "dropped" not in w and "merged" not in w]
    return kept, notes


@click.command("convert", cls=InputErrorCommand)
@network_options
@click.argument("out", type=click.Path(dir_okay=False))
@click.option(
    "--nodes-out",
    type=click.Path(dir_okay=False),
    help="CSV/TSV output only: the nodes file (default: OUT's name with '-nodes').",
)
def convert(source: NetworkOptions, out, nodes_out):
    """Convert a network file: CSV/TSV/XLSX, GraphML, GEXF, Pajek, UCINET DL, Kumu JSON.

    TIES is read as nlc analyse reads it; OUT's extension names the format written
    (.csv, .tsv, .xlsx, .graphml, .gexf, .net, .dl, .json for Kumu). A CSV or TSV
    export is two files, the ties and the nodes; an XLSX export one workbook with a
    'ties' and a 'nodes' sheet.
    """
    from pathlib import Path

    from nlc.files import check_writable
    from nlc.network.io import WRITE_FORMATS, nodes_path_for, write_ties

    suffix = Path(out).suffix.lower()
    if suffix not in WRITE_FORMATS:
        raise click.BadParameter(
            f"{out!r}: NLC writes {', '.join(WRITE_FORMATS)}", param_hint="OUT"
        )
    check_writable(out)
    if nodes_out is None and suffix in (".csv", ".tsv", ".tab"):
        nodes_out = str(nodes_path_for(out))
    if nodes_out is not None:
        check_writable(nodes_out)
    ties, notes = converted_ties(source)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    for path in write_ties(ties, out, nodes_path=nodes_out):
        click.echo(f"wrote {path}", err=True)
