"""``nlc export knowledge OUT``: every knowledge item to CSV, XLSX or JSON Lines, in the
columns ``nlc import knowledge`` reads (:mod:`nlc.web.knowledge.transfer`).

``nlc export`` itself is the ties export (:mod:`nlc.web.exports.cli`); :class:`ExportCommand`
puts the two under one name: ``nlc export knowledge ...`` runs this command, anything else
the ties export, each with its own options and help.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["ExportCommand", "export_command"]


@click.command("export")
@click.argument("kind", type=click.Choice(["knowledge"]))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--area", metavar="NAME", help="Export only this area's items.")
@click.pass_context
def export_command(ctx, kind, out, area):
    """Export KIND (knowledge) to OUT (.csv, .xlsx or .jsonl).

    Importing the file again with nlc import knowledge gives back the same items; exporting
    after that gives the same file.
    """
    from nlc.web.bootstrap import setup_django

    setup_django()
    from nlc.errors import InputError
    from nlc.web.knowledge.transfer import export_knowledge
    from nlc.web.registry.models import Area

    try:
        found = None
        if area is not None:
            found = Area.objects.filter(name__iexact=area.strip()).first()
            if found is None:
                raise InputError(f"there is no area named {area!r}")
        count = export_knowledge(out, area=found)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    click.echo(f"{count} knowledge item{'s' if count != 1 else ''} written to {out}")


class ExportCommand(click.Command):
    """``nlc export``: ``knowledge`` first goes to the knowledge export, the rest to ``ties``.

    Parameters
    ----------
    ties : click.Command
        The ties and nodes export (``nlc export [--network NAME | --area NAME] OUT``).
    knowledge : click.Command
        :func:`export_command`.
    """

    def __init__(self, ties: click.Command, knowledge: click.Command = export_command) -> None:
        super().__init__(
            "export",
            help=f"{ties.help}\n\nnlc export knowledge OUT: the knowledge items (see its --help).",
            short_help="Export ties and nodes, or knowledge items (nlc export knowledge OUT).",
            params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
            context_settings={"ignore_unknown_options": True, "help_option_names": []},
        )
        self.ties, self.knowledge = ties, knowledge

    def invoke(self, ctx):
        args = list(ctx.params["args"])
        target, rest = (self.knowledge, args) if args[:1] == ["knowledge"] else (self.ties, args)
        name = f"{ctx.find_root().info_name} export"
        code = target.main(rest, prog_name=name, standalone_mode=False)
        if isinstance(code, int) and code:
            ctx.exit(code)
