"""``nlc survey-remind``: e-mail a reminder to everyone invited to an open survey wave who
has not finished (registered with the other web commands, :data:`nlc.web.cli.COMMANDS`).
Meant for a daily cron job; the same as the wave page's *Remind* button."""

from __future__ import annotations

import click

from nlc.web.bootstrap import setup_django

__all__ = ["survey_remind"]


@click.command("survey-remind")
@click.option(
    "--site",
    required=True,
    metavar="URL",
    help="The site's address, for the links in the e-mails (https://nlc.example.org).",
)
@click.option(
    "--wave", "wave_id", type=int, help="Only this wave (its id); default: every open wave."
)
def survey_remind(site, wave_id):
    """Remind those who have not finished an open survey wave (by e-mail, with their link)."""
    if not site.startswith(("http://", "https://")):
        raise click.BadParameter("give the site's address, starting https://", param_hint="--site")
    setup_django()
    from nlc.web.surveys import services
    from nlc.web.surveys.models import Wave, WaveStatus

    waves = Wave.objects.filter(status=WaveStatus.OPEN).select_related("survey__network")
    if wave_id is not None:
        waves = waves.filter(pk=wave_id)
        if not waves.exists():
            raise click.BadParameter(f"no open wave {wave_id}", param_hint="--wave")
    for wave in waves:
        if not services.is_live(wave):
            continue
        sent = services.send_emails(services.not_finished(wave), site, reminder=True)
        click.echo(f"{wave}: {sent} reminders sent")
