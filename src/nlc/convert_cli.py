"""``nlc convert IN OUT``: any format NLC reads into any format it writes, by extension.

The command reads with the same network options as ``nlc analyse`` (``--nodes``,
``--directed/--undirected``, ``--type``, ``--as-of``, ``--min-weight``, ``--two-mode``...),
so a file that ``nlc analyse`` reads can be converted, filtered the same way. Without
``--min-weight`` and ``--two-mode`` the ties are written as read (each tie with its weight,
type and date; duplicates kept), after the same checks ``nlc analyse`` makes; with either,
the cleaned network that ``nlc analyse`` measures is written (ties merged, no types or
dates).

The command is made by :func:`convert_command` from the options decorator of ``nlc.cli``,
so that this module does not import ``nlc.cli`` (which registers it).
"""

from __future__ import annotations

import click

__all__ = ["convert_command"]

_READ_FIELDS = (
    "ties",
    "nodes",
    "directed",
    "weight",
    "min_weight",
    "types",
    "as_of",
    "two_mode",
    "add_missing_nodes",
    "source_column",
    "target_column",
    "id_column",
)


def _read_options(options: dict) -> dict:
    """The reading options, whether the decorator passes them one by one or as one object
    (``source``)."""
    bundle = options.pop("source", None)
    if bundle is not None:
        return {name: getattr(bundle, name) for name in _READ_FIELDS}
    return {name: options.get(name) for name in _READ_FIELDS}


def _types(values) -> list[str] | None:
    out = [t.strip() for value in values or () for t in value.split(",") if t.strip()]
    return out or None


def converted_ties(options: dict):
    """Read the input as the options say and return ``(ties to write, warnings)``.

    Raises :class:`~nlc.errors.InputError` (bad input) or :class:`click.UsageError`.
    """
    from nlc.network import build_network, read_nodes, read_ties
    from nlc.network.io import network_ties
    from nlc.network.model import filter_ties
    from nlc.network.two_mode import project_two_mode

    o = options
    ties = read_ties(
        o["ties"], source=o["source_column"], target=o["target_column"], weight=o["weight"]
    )
    nodes = read_nodes(o["nodes"], id_column=o["id_column"]) if o["nodes"] else None
    cleaning = {
        "add_missing_nodes": bool(o["add_missing_nodes"]),
        "types": _types(o["types"]),
        "as_of": o["as_of"],
        "min_weight": o["min_weight"],
    }
    if o["two_mode"]:
        if o["directed"] is not None:
            raise click.UsageError("--two-mode projections are undirected; drop --directed")
        network, _ = project_two_mode(ties, nodes, **cleaning)
        return network_ties(network, label=str(o["ties"])), network.warnings
    # The checks nlc analyse makes (unknown nodes, repeated ids, types present...).
    network = build_network(ties, nodes, directed=o["directed"], **cleaning)
    if o["min_weight"] is not None:
        return network_ties(network, label=str(o["ties"])), network.warnings
    kept = filter_ties(ties, types=cleaning["types"], as_of=o["as_of"])
    kept.nodes = nodes if nodes is not None else ties.nodes
    if o["directed"] is not None:
        kept.directed = o["directed"]
    notes = [w for w in network.warnings if "dropped" not in w and "merged" not in w]
    return kept, notes


def convert_command(network_options) -> click.Command:
    """The ``convert`` command, its input read with ``network_options`` (``nlc.cli``)."""

    @click.command("convert")
    @network_options
    @click.argument("out", type=click.Path(dir_okay=False))
    @click.option(
        "--nodes-out",
        type=click.Path(dir_okay=False),
        help="CSV/TSV output only: the nodes file (default: OUT's name with '-nodes').",
    )
    def convert(out, nodes_out, **options):
        """Convert a network file: CSV/TSV/XLSX, GraphML, GEXF, Pajek, UCINET DL, Kumu JSON.

        TIES is read as nlc analyse reads it; OUT's extension names the format written
        (.csv, .tsv, .xlsx, .graphml, .gexf, .net, .dl, .json for Kumu). A CSV or TSV
        export is two files, the ties and the nodes; an XLSX export one workbook with a
        'ties' and a 'nodes' sheet.
        """
        from nlc.files import check_writable
        from nlc.network.io import WRITE_FORMATS, nodes_path_for, write_ties

        read = _read_options(options)
        suffix = click.format_filename(out).rpartition(".")[2].lower()
        if f".{suffix}" not in WRITE_FORMATS:
            raise click.BadParameter(
                f"{out!r}: NLC writes {', '.join(WRITE_FORMATS)}", param_hint="OUT"
            )
        check_writable(out)
        if nodes_out is None and f".{suffix}" in (".csv", ".tsv", ".tab"):
            nodes_out = str(nodes_path_for(out))
        if nodes_out is not None:
            check_writable(nodes_out)
        ties, notes = converted_ties(read)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        for path in write_ties(ties, out, nodes_path=nodes_out):
            click.echo(f"wrote {path}", err=True)

    return convert
