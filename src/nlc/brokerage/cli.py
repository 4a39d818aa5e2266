"""``nlc suggest``: whom to introduce to whom (or which affiliations to suggest), and why.

The command reads the same files as ``nlc analyse`` (:func:`nlc.cli_options.network_options`),
prints the suggestions best first, and with ``--json`` writes
``{"suggestions": [{"source", "target", "score", "reasons": [...], ...}]}``. Every check on
the input runs before the file is written; bad input exits with code 2 and a message, never
a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nlc.brokerage.introductions import node_names
from nlc.cli_options import InputErrorCommand, NetworkOptions, network_options, seed_options
from nlc.errors import InputError

__all__ = ["read_ids", "suggest"]


def read_ids(path: str) -> list[str]:
    """Ids from a text file, one a line; blank lines and lines starting with ``#`` skipped.

    Raises
    ------
    InputError
        When the file cannot be read as text or names no id.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file of ids, one a line", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=path) from None
    ids = [line.strip() for line in text.splitlines()]
    ids = [i for i in ids if i and not i.startswith("#")]
    if not ids:
        raise InputError("names no id (write one id a line)", path=path)
    return ids


def _affiliations(source: NetworkOptions, for_ids, per_node, top, *, for_file):
    """Two-mode suggestions from :func:`nlc.brokerage.affiliation.suggest_affiliations`."""
    try:
        from nlc.brokerage.affiliation import suggest_affiliations
    except ImportError:
        raise click.ClickException(
            "--two-mode suggestions (affiliations for members) are not available in this "
            "version of NLC: nlc.brokerage.affiliation is missing"
        ) from None
    from nlc.network import read_nodes, read_ties

    ties = read_ties(
        source.ties, source=source.source_column, target=source.target_column, weight=source.weight
    )
    nodes = read_nodes(source.nodes, id_column=source.id_column) if source.nodes else None
    if for_ids:
        _check_members(for_file, for_ids, set(ties.source) | set(nodes.ids if nodes else ()), nodes)
    dated = {"as_of": source.as_of} if source.as_of else {}  # --as-of: memberships by then
    found = suggest_affiliations(ties, nodes, for_ids=for_ids, k=per_node or 10, **dated)
    found = sorted(found, key=lambda s: -s.score)  # best first over all members (stable)
    names = {}
    if nodes is not None:
        column = nodes.attributes.get("name", nodes.attributes.get("label"))
        names = {i: str(v) for i, v in zip(nodes.ids, column or [], strict=False) if v}
    return (found[:top] if top else found), names


def _check_members(for_file: str, for_ids: list[str], known: set[str], nodes) -> None:
    """Name the ``--for`` ids (from ``for_file``) that are neither a member nor a node."""
    unknown = [i for i in for_ids if i not in known]
    if not unknown:
        return
    shown = ", ".join(map(repr, unknown[:5])) + (" ..." if len(unknown) > 5 else "")
    count = f"{len(unknown)} ids are" if len(unknown) > 1 else "1 id is"
    if nodes is None:
        message = f"{count} not a member in the ties (give --nodes for members with no tie yet)"
    else:
        message = f"{count} neither a member in the ties nor a node of --nodes"
    raise InputError(f"{message}: {shown}", path=for_file)


def _introductions(source: NetworkOptions, options: dict):
    from nlc.brokerage.introductions import suggest_introductions

    network, _ = source.load()
    return network, suggest_introductions(network, groups=source.group, **options)


def _print(suggestions, names: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not suggestions:
        Console(stderr=True).print("No suggestions: no pair of untied nodes has a reason to meet.")
        return
    table = Table(title="Suggested ties, best first", title_justify="left", show_lines=True)
    for column in ("#", "source", "target", "score", "why"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for rank, s in enumerate(suggestions, 1):
        table.add_row(
            str(rank),
            names.get(s.source, s.source),
            names.get(s.target, s.target),
            f"{s.score:.3f}",
            "\n".join(s.reasons),
        )
    Console().print(table)


@click.command(cls=InputErrorCommand)
@network_options
@click.option(
    "--for",
    "for_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Text file of the node ids (members, with --two-mode) to suggest for, one a line.",
)
@click.option(
    "--per-node", type=click.IntRange(1), help="At most K suggestions for each node (or member)."
)
@click.option("--top", type=click.IntRange(1), help="At most K suggestions in all (default 20).")
@click.option(
    "--max-distance",
    type=click.IntRange(2, 3),
    default=2,
    show_default=True,
    help="3: also suggest bridges between groups at distance 3.",
)
@click.option("--offers", metavar="COLUMN", help="Nodes column of what each offers ('offers').")
@click.option("--needs", metavar="COLUMN", help="Nodes column of what each asked for ('needs').")
@click.option("--focus", metavar="COLUMN", help="Nodes column of each one's focus ('focus').")
@click.option(
    "--simulate",
    is_flag=True,
    help="Also simulate, for the 5 best, how much further a practice would spread.",
)
@seed_options
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False), help="Write the suggestions as JSON."
)
def suggest(source: NetworkOptions, *, for_file, per_node, top, json_out, seed, rng, **topics):
    """Suggest ties that are missing: introductions, or affiliations with --two-mode.

    TIES is read as by nlc analyse. Each suggestion comes with its reasons: contacts in
    common, a bridge between groups (--group, else communities), a lone broker relieved,
    what one offers and the other asked for (semicolon-separated topics in the nodes file's
    'offers' and 'needs' columns), a shared focus. Existing ties are never suggested.
    """
    from nlc.cli_options import random_seed
    from nlc.files import check_writable, write_atomic

    if per_node is not None and top is not None:
        raise click.UsageError("give --per-node or --top, not both")
    if json_out:
        check_writable(json_out)
    for_ids = read_ids(for_file) if for_file else None
    if source.two_mode:
        given = [f"--{k.replace('_', '-')}" for k, v in topics.items() if v not in (None, False, 2)]
        if given:
            raise click.UsageError(f"{', '.join(given)}: for introductions, not with --two-mode")
        suggestions, names = _affiliations(source, for_ids, per_node, top, for_file=for_file)
    else:
        if per_node is None and top is None:
            top = 20
        options = {
            "for_ids": for_ids,
            "per_node": per_node,
            "top": top,
            "simulate_gain": topics.pop("simulate"),
            "seed": random_seed(seed, rng),
            **topics,
        }
        network, suggestions = _introductions(source, options)
        names = dict(zip(network.ids, node_names(network), strict=True))
    _print(suggestions, names)
    if json_out:
        document = {"suggestions": [s.as_dict() for s in suggestions]}
        write_atomic(json_out, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
        click.echo(f"wrote {json_out}", err=True)
