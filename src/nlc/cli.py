"""The ``nlc`` command: a click group whose commands call the library and print with rich."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from pathlib import Path

import click
from rich.console import Console

from nlc import config, timings
from nlc.cli_options import (
    NetworkOptions,
    choice_option,
    network_options,
    random_seed,
    report_input_error,
    seed_options,
)
from nlc.errors import InputError
from nlc.files import check_writable, write_atomic

console = Console()
err_console = Console(stderr=True)


#: Commands defined in other modules, imported only when named (or listed), so that a command
#: loads only what it uses (``nlc simulate`` does not import the brokerage or web code).
LAZY_COMMANDS = {
    "simulate": "nlc.simulation.cli:simulate",
    "convert": "nlc.convert_cli:convert",
    "suggest": "nlc.brokerage.cli:suggest",
}
#: The list of web commands (``serve``, ``demo``...), imported for any other name.
WEB_COMMANDS = "nlc.web.cli:COMMANDS"


def _load(spec: str):
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


class LazyCommands(MutableMapping):
    """A group's commands by name, importing those of :data:`LAZY_COMMANDS` and
    :data:`WEB_COMMANDS` the first time they are asked for (click reads the mapping only
    through ``get``, ``[]``, ``in`` and iteration)."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}
        self._lazy = dict(LAZY_COMMANDS)
        self._web_loaded = False

    def _find(self, name: str) -> None:
        if name in self._loaded:
            return
        spec = self._lazy.pop(name, None)
        if spec is not None:
            command = _load(spec)
            self._loaded[command.name] = command
        elif not self._web_loaded:
            self._web_loaded = True
            for command in _load(WEB_COMMANDS):
                self._loaded.setdefault(command.name, command)

    def _load_all(self) -> None:
        for name in list(self._lazy):
            self._find(name)
        self._find("")  # the web commands

    def __getitem__(self, name: str) -> click.Command:
        self._find(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._lazy.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self._find(name)
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return iter(list(self._loaded))

    def __len__(self) -> int:
        self._load_all()
        return len(self._loaded)


class NLCGroup(click.Group):
    """Turns :class:`InputError` into a located message and exit code 2, never a traceback.

    Its commands are a :class:`LazyCommands`: naming one imports only its own module.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()
        self.finished: str | None = None  # the command that last ran to its end

    def invoke(self, ctx: click.Context):
        debug = False
        try:
            debug = config.read("NLC_DEBUG")  # first, so that a bad value is a plain error
            timings.start()
            result = super().invoke(ctx)
            timings.report()
            self.finished = ctx.invoked_subcommand
            return result
        except InputError as exc:
            report_input_error(ctx, exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            err_console.print("interrupted; nothing was written")
            ctx.exit(130)
        except Exception as exc:  # a bug: say so plainly; NLC_DEBUG=1 shows the traceback
            if debug:
                raise
            err_console.print(
                f"[bold red]internal error:[/] {type(exc).__name__}: {exc}\n"
                "Nothing was written. Run again with NLC_DEBUG=1 for details and report it.",
                highlight=False,
            )
            ctx.exit(1)


@click.group(cls=NLCGroup)
@click.version_option(package_name="nlc")
def main() -> None:
    """NLC: map, measure and simulate networked learning communities."""


@main.command()
@network_options
@choice_option(
    "--holes-model",
    ["whole", "ego"],
    help="Structural holes: whole network (igraph) or ego network (UCINET).",
)
@click.option(
    "--exact/--sampled",
    "exact",
    default=None,
    help="Force exact or sampled betweenness (default: exact for networks up to a work "
    "budget, see the README).",
)
@seed_options
@click.option(
    "--top",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Rows in the brokers table.",
)
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False), help="Write all results as JSON."
)
@click.option("--report", type=click.Path(dir_okay=False), help="Write an HTML report.")
def analyse(
    source: NetworkOptions,
    *,
    holes_model: str,
    exact: bool | None,
    seed: int,
    rng: int | None,
    top: int,
    json_out: str | None,
    report: str | None,
):
    """Measure a network: bridging and bonding, brokers, structural holes, centralisation.

    TIES is a CSV/TSV/XLSX edge list with 'source' and 'target' columns (and optional
    'weight', 'type', 'date'), or a GraphML, GEXF, Pajek .net or UCINET .dl file.
    """
    seed = random_seed(seed, rng)
    for out in (json_out, report):
        if out:
            check_writable(out)
    network, affiliations = source.load()
    group = source.group
    if group is not None and group not in network.attributes:
        known = ", ".join(map(repr, sorted(network.attributes))) or "none (no --nodes given)"
        raise InputError(
            f"--group {group!r} is not a node attribute; attributes: {known}",
            path=source.nodes or source.ties,
            column=group,
        )
    result = _run_analysis(network, group, holes_model, exact, seed, affiliations)
    document = result.to_json()
    _print_summary(result, document, top)
    # Render everything before writing anything, so a failure leaves no output behind.
    outputs = []
    if json_out:
        from nlc.analysis.summary import json_text

        outputs.append((json_out, json_text(document)))
    if report:
        from nlc.reports import render_report

        title = f"Network analysis of {Path(source.ties).name}"
        described = str(source.ties)
        outputs.append((report, render_report(result, title=title, source_description=described)))
    for path, text in outputs:
        write_atomic(path, text)
        err_console.print(f"wrote {path}")


def _run_analysis(network, group, holes_model, exact, seed, affiliations):
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from nlc.analysis import analyse as analyse_network
    from nlc.analysis.summary import STEPS

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("measuring", total=len(STEPS))

        def step(name: str) -> None:
            progress.update(task, description=f"measuring: {name}", advance=1)

        return analyse_network(
            network,
            group,
            holes_model=holes_model,
            exact_betweenness=exact,
            seed=seed,
            two_mode=affiliations,
            progress=step,
        )


def _print_summary(result, document: dict, top: int) -> None:
    from rich.table import Table

    from nlc.analysis import ROLES
    from nlc.reports.measures import MEASURES, plain

    net = document["network"]
    for warning in document.get("warnings", []):
        err_console.print(f"[yellow]note:[/] {warning}", highlight=False)
    table = Table(title="Network", show_header=False, title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [(m.short_label, net[m.key]) for m in MEASURES.values() if m.in_terminal]
    if net["betweenness_error"]:
        rows.append(("betweenness ± (sampled)", net["betweenness_error"]["absolute_error"]))
    for name, value in rows:
        table.add_row(name, plain(value))
    console.print(table)

    if document["groups"]:
        groups = Table(title=f"Groups by {net['group_attribute']}", title_justify="left")
        for col in ("group", "size", "internal ties", "external ties", "E-I"):
            groups.add_column(col, justify="left" if col == "group" else "right")
        for g in sorted(document["groups"], key=lambda g: -g["size"])[:20]:
            counts = [str(g[k]) for k in ("size", "internal_ties", "external_ties")]
            groups.add_row(g["group"], *counts, plain(g["ei_index"]))
        if len(document["groups"]) > 20:
            groups.caption = f"20 largest of {len(document['groups'])} groups"
        console.print(groups)

    if top and not result.brokerage.graph_raw[-1]:
        console.print(
            "No brokers: no node links two others who are not tied to each other "
            "(every node's contacts are all tied to one another)."
        )
    elif top:
        brokers = Table(
            title=f"Top {top} brokers (Gould-Fernandez counts)",
            title_justify="left",
            caption="z: total brokerage against sna's random-graph expectation",
        )
        brokers.add_column("node")
        brokers.add_column("group")
        brokers.add_column("total (z)", justify="right")
        for role in ROLES[:-1]:
            brokers.add_column(role[:5] + ".", justify="right")
        order = result.brokerage.raw[:, -1].argsort(kind="stable")[::-1][:top]
        for i in order:
            node = document["nodes"][i]
            total = f"{node['brokerage']['total']} ({plain(node['brokerage_z']['total'], 1)})"
            counts = [str(node["brokerage"][r]) for r in ROLES[:-1]]
            brokers.add_row(node["id"], plain(node["group"]), total, *counts)
        console.print(brokers)

    if "two_mode" in document:
        spans = Table(title="Affiliations spanning the most groups", title_justify="left")
        for col in ("affiliation", "name", "members", "groups spanned", "E-I"):
            spans.add_column(col)
        for row in document["two_mode"]["affiliations"][: max(top, 1)]:
            counts = [str(row[k]) for k in ("members", "groups_spanned")]
            spans.add_row(row["id"], plain(row["name"]), *counts, plain(row["ei_index"]))
        console.print(spans)


@main.command()
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None)
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    default="nlc-example-report.html",
    show_default=True,
)
@click.pass_context
def example(ctx, json_out, report):
    """Analyse the bundled example: a Community Leadership Network of schools and partners."""
    from importlib import resources

    folder = resources.files("nlc") / "data" / "example"
    with resources.as_file(folder) as path:
        ctx.invoke(
            analyse,
            ties=str(path / "ties.csv"),
            nodes=str(path / "nodes.csv"),
            group="sector",
            json_out=json_out,
            report=report,
        )


@main.command("gias-links")
@click.argument("grouplinks", type=click.Path(dir_okay=False))
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option(
    "--group-type",
    "group_types",
    multiple=True,
    default=("Multi-academy trust",),
    show_default=True,
    help="GIAS group types to keep (repeatable).",
)
def gias_links(grouplinks, outdir, group_types):
    """Turn a GIAS group-links file into ties.csv (school -> trust) and nodes.csv.

    Analyse the result with: nlc analyse OUTDIR/ties.csv --nodes OUTDIR/nodes.csv
    --two-mode --group la
    """
    from nlc.network.gias import read_group_links
    from nlc.network.tables import write_delimited

    ties, nodes = read_group_links(grouplinks, tuple(group_types))
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    tie_rows = zip(ties.source, ties.target, ties.type, ties.date, strict=True)
    columns = list(nodes.attributes)
    node_rows = (
        [node, *(nodes.attributes[c][i] for c in columns)] for i, node in enumerate(nodes.ids)
    )
    # write_delimited keeps text that a spreadsheet could run as a formula as text
    write_delimited(out / "ties.csv", ["source", "target", "type", "date"], tie_rows)
    write_delimited(out / "nodes.csv", ["id", *columns], node_rows)
    n_schools = sum(1 for k in nodes.attributes["kind"] if k == "school")
    console.print(
        f"{len(ties)} memberships of {n_schools} schools in "
        f"{len(nodes.ids) - n_schools} groups written to {out}/ties.csv and {out}/nodes.csv"
    )


#: Commands after which the ``nlc`` program ends at once (see :func:`run`).
QUICK_EXIT = frozenset({"analyse", "simulate"})


def run() -> None:
    """The ``nlc`` program: :func:`main`, then, after the commands of :data:`QUICK_EXIT`, a
    quick exit.

    A Python process that ends normally tears down every module and numba's compiled code,
    about 0.2 s of CPU after a simulation, for nothing: the command has written its files
    (atomically, and closed them). So once such a command has succeeded and every other
    thread has ended, the exit handlers (``atexit``) run, the standard streams are flushed
    and the process ends at once (``os._exit``).
    """
    main.finished = None
    try:
        main()
    except SystemExit as exc:
        others = [t for t in threading.enumerate() if t is not threading.main_thread()]
        if exc.code not in (0, None) or main.finished not in QUICK_EXIT:
            raise
        if any(t.is_alive() and not t.daemon for t in others):
            raise
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    run()
