"""What the ``nlc`` commands share: the network options, the random seed and input errors.

``nlc analyse`` and ``nlc simulate`` read a network the same way (:func:`network_options`,
:class:`NetworkOptions`), take the random seed as ``--seed`` (:func:`seed_options`) and report
bad input alike (:func:`report_input_error`): the message names the file, row and column, or
the command-line flag, never a traceback, and the exit code is 2.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, fields

import click
from click.core import ParameterSource
from rich.console import Console

from nlc.errors import InputError

__all__ = [
    "NetworkOptions",
    "choice_option",
    "cli_flag",
    "network_options",
    "random_seed",
    "report_input_error",
    "seed_options",
]

err_console = Console(stderr=True)

#: Library parameters set by a flag of another name (the rest: ``--`` + name with dashes).
FLAGS = {
    "rng": "--seed",
    "types": "--type",
    "count": "--seed-count",
    "k": "--suggest-ties",
}


def cli_flag(parameter: str) -> str:
    """The command-line flag that sets the library parameter ``parameter``."""
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def report_input_error(ctx: click.Context, exc: InputError) -> None:
    """Print ``exc`` as the CLI says it (parameters named by their flags) and exit with 2."""
    names = {exc.parameter: cli_flag(exc.parameter)} if exc.parameter else {}
    err_console.print(
        f"[bold red]error:[/] {exc.message_for(names)}", highlight=False, soft_wrap=True
    )
    ctx.exit(2)


class InputErrorCommand(click.Command):
    """A command that reports :class:`InputError` like the ``nlc`` group, also on its own."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            report_input_error(ctx, exc)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _types(values: tuple[str, ...]) -> list[str] | None:
    out = [t.strip() for value in values for t in value.split(",") if t.strip()]
    return out or None


@dataclass(frozen=True)
class NetworkOptions:
    """Where the network is and how to read it: the options of :func:`network_options`."""

    ties: str
    nodes: str | None = None
    directed: bool | None = None
    group: str | None = None
    weight: str | None = None
    min_weight: float | None = None
    types: tuple[str, ...] = ()
    as_of: dt.date | None = None
    two_mode: bool = False
    add_missing_nodes: bool = False
    source_column: str = "source"
    target_column: str = "target"
    id_column: str = "id"

    def load(self):
        """Read and clean the network; returns (network, two-mode affiliations or None)."""
        from nlc import timings
        from nlc.network import build_network, read_nodes, read_ties

        tie_table = read_ties(
            self.ties, source=self.source_column, target=self.target_column, weight=self.weight
        )
        node_table = read_nodes(self.nodes, id_column=self.id_column) if self.nodes else None
        timings.mark("read")
        cleaning = {
            "add_missing_nodes": self.add_missing_nodes,
            "types": _types(self.types),
            "as_of": self.as_of,
            "min_weight": self.min_weight,
        }
        if self.two_mode:
            if self.directed:
                raise click.UsageError("--two-mode projections are undirected; drop --directed")
            from nlc.network.two_mode import project_two_mode  # scipy: only when asked for

            return project_two_mode(tie_table, node_table, **cleaning)
        network = build_network(tie_table, node_table, directed=self.directed, **cleaning)
        timings.mark("build")
        return network, None


_NETWORK_FIELDS = tuple(f.name for f in fields(NetworkOptions))

_NETWORK_OPTIONS = [
    click.argument("ties", type=click.Path(dir_okay=False)),
    click.option(
        "--nodes",
        type=click.Path(dir_okay=False),
        help="CSV/XLSX with an id column and node attributes.",
    ),
    click.option(
        "--directed/--undirected",
        default=None,
        help="Read ties as arcs or as edges (default: directed, unless the "
        "file format says otherwise).",
    ),
    click.option(
        "--group",
        metavar="COLUMN",
        help="Node attribute that partitions the nodes (sector, phase, LA...).",
    ),
    click.option(
        "--weight",
        metavar="COLUMN",
        help="Ties column holding weights (default: 'weight' if present).",
    ),
    click.option(
        "--min-weight",
        type=float,
        metavar="X",
        help="Keep ties whose summed weight is at least X, as unweighted ties.",
    ),
    click.option(
        "--type",
        "types",
        multiple=True,
        metavar="T",
        help="Keep only ties of this type (repeat, or separate with commas).",
    ),
    click.option(
        "--as-of",
        callback=_parse_date,
        metavar="DATE",
        help="Keep ties dated on or before DATE (YYYY-MM-DD).",
    ),
    click.option(
        "--two-mode",
        is_flag=True,
        help="Ties are memberships (member -> organisation); use the "
        "projection onto the members, weighted by shared affiliations.",
    ),
    click.option(
        "--add-missing-nodes",
        is_flag=True,
        help="Add nodes named in the ties but absent from --nodes.",
    ),
    click.option(
        "--source-column", default="source", show_default=True, help="Ties column of the first end."
    ),
    click.option(
        "--target-column",
        default="target",
        show_default=True,
        help="Ties column of the second end.",
    ),
    click.option(
        "--id-column", default="id", show_default=True, help="Nodes column holding the node id."
    ),
]


def choice_option(name: str, choices: list[str], help: str | None = None):
    """Option ``name`` taking one of ``choices``, by default the first (shown in the help)."""
    return click.option(
        name, type=click.Choice(choices), default=choices[0], show_default=True, help=help
    )


def network_options(func):
    """Add the options that say how to read a network; the command gets them as ``source``.

    ``source`` is a :class:`NetworkOptions`; the command's other options come as before.
    """

    @functools.wraps(func)
    def command(**options):
        source = NetworkOptions(**{name: options.pop(name) for name in _NETWORK_FIELDS})
        return func(source=source, **options)

    for option in reversed(_NETWORK_OPTIONS):
        command = option(command)
    return command


def seed_options(func):
    """Add ``--seed`` (the seed of every random draw, default 0) and its old spelling ``--rng``.

    The command gets them as ``seed`` and ``rng``; :func:`random_seed` makes one of them.
    """
    func = click.option("--rng", type=int, hidden=True, help="Old name of --seed.")(func)
    return click.option(
        "--seed",
        type=int,
        default=0,
        show_default=True,
        help="Seed of every random draw (the same seed gives the same result).",
    )(func)


def random_seed(seed: int, rng: int | None) -> int:
    """The random seed given as ``--seed`` or, under its old name, ``--rng``."""
    if rng is None:
        return seed
    ctx = click.get_current_context(silent=True)
    given = ctx is not None and ctx.get_parameter_source("seed") == ParameterSource.COMMANDLINE
    if given and seed != rng:
        raise click.UsageError("give the random seed once, as --seed")
    return rng
