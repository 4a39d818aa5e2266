"""What the wave page shows, as each user may see it: tracking (small groups suppressed for
those who do not run the survey), who named whom (analysts; evaluators with pseudonyms),
people to invite, the change since the previous wave and the wave's ties as a file."""

from __future__ import annotations

import hashlib

import numpy as np

from nlc.network import NodeTable, TieTable
from nlc.web.cache import derived
from nlc.web.registry.models import NetworkRole, Organisation, Person
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import forms, services
from nlc.web.surveys.models import INTERPRETERS, Answer, InvitationStatus, WaveStatus
from nlc.web.ties.models import TieType


def _suppressed(user, wave, groups: dict) -> dict:
    network, survey = wave.survey.network, wave.survey
    return {
        name: None if survey_access.suppress_small(user, network, survey, counts) else counts
        for name, counts in groups.items()
    }


def _candidates(wave, params) -> list:
    """People who may still be invited, filtered by ``organisation`` and ``role``."""
    people = services.invitable_people(wave.survey).exclude(
        pk__in=wave.invitations.values("person_id")
    )
    if str(params.get("organisation", "")).isdigit():
        people = people.filter(organisation_id=int(params["organisation"]))
    if params.get("role"):
        held = NetworkRole.objects.filter(network=wave.survey.network, role=params["role"])
        people = people.filter(pk__in=held.values("person_id"))
    return list(people.order_by("organisation__name", "name"))


def _label(names: dict, orgs: dict, end: tuple) -> str:
    kind, pk = end
    return names.get(pk, f"Person {pk}") if kind == "p" else orgs.get(pk, f"Organisation {pk}")


def interpreters_text(values: dict) -> str:
    parts = []
    for key, value in (values or {}).items():
        labels = INTERPRETERS.get(key, ("", []))[1]
        if 0 <= value < len(labels):
            parts.append(f"{key}: {labels[value]}")
    return "; ".join(parts)


def named(user, wave) -> list[dict]:
    """Who named whom (only for :func:`survey_access.can_see_responses`)."""
    answers = list(
        Answer.objects.filter(invitation__wave=wave, question__kind="roster")
        .select_related("question", "invitation", "alter_organisation")
        .order_by("invitation__person__name", "question__order", "pk")
    )
    ids = {a.invitation.person_id for a in answers} | {a.alter_person_id for a in answers}
    names = survey_access.names(user, [i for i in ids if i is not None])
    rows = []
    for a in answers:
        if a.alter_person_id is not None:
            alter = names.get(a.alter_person_id)
        elif a.alter_organisation_id is not None:
            alter = a.alter_organisation.name
        else:
            alter = f"Not on the list: {a.alter_text}"
        rows.append(
            {
                "answer": a,
                "respondent": names.get(a.invitation.person_id),
                "question": a.question.text,
                "alter": alter,
                "interpreters": interpreters_text(a.interpreters),
                "unmatched": a.alter_person_id is None and a.alter_organisation_id is None,
                "pending": a.carried and not a.confirmed,
            }
        )
    return rows


def change_rows(user, before, after) -> dict:
    """:func:`services.change` with names as the user may see them."""
    found = services.change(before, after)
    ends = {
        e
        for key in found["new"] + found["lost"] + found["stronger"] + found["weaker"]
        for e in key[1:]
    }
    names = survey_access.names(user, [pk for kind, pk in ends if kind == "p"])
    orgs = dict(
        Organisation.objects.filter(pk__in=[pk for kind, pk in ends if kind == "o"]).values_list(
            "pk", "name"
        )
    )
    types = dict(TieType.choices)
    out = {"kept": found["kept"]}
    for part in ("new", "lost", "stronger", "weaker"):
        out[part] = [
            f"{_label(names, orgs, a)} → {_label(names, orgs, b)} ({types.get(t, t)})"
            for t, a, b in found[part]
        ]
    return out


def side_by_side(before, after) -> list[tuple[str, float, float]]:
    """The key measures of two waves (:func:`nlc.analysis.waves.compare_waves`) as
    (label, before, after): people's ties, or organisations' when no wave has people's;
    E-I by organisation kind. Aggregates only: no one is named."""
    from nlc.analysis.waves import compare_waves

    ties = [services.wave_ties(w) for w in (before, after)]
    level = "p" if any(a[0] == "p" for found in ties for _, a, _ in found) else "o"
    arcs = [[(a[1], b[1], w) for (_, a, b), w in found.items() if a[0] == level] for found in ties]
    ends = {e for found in arcs for tie in found for e in tie[:2]}
    if level == "p":
        kinds = Person.objects.filter(pk__in=ends).values_list("pk", "organisation__kind")
    else:
        kinds = Organisation.objects.filter(pk__in=ends).values_list("pk", "kind")
    found = compare_waves(arcs[0], arcs[1], groups=dict(kinds), nodes=sorted(ends))
    return [(m.label, m.before, m.after) for m in found.measures]


def wave_page(user, wave, params) -> dict:
    """The context of the wave page for ``user``."""
    network, survey = wave.survey.network, wave.survey
    may_run = survey_access.can_run(user, network)
    sees = survey_access.can_see_responses(user, network)
    track = services.tracking(wave)
    people = []
    if sees:
        names = survey_access.names(user, [i.person_id for i, _ in track["people"]])
        people = [(i, names.get(i.person_id), roles) for i, roles in track["people"]]
    before = services.previous_wave(wave)
    context = {
        "survey": survey,
        "wave": wave,
        "may_run": may_run,
        "sees_responses": sees,
        "overall": _suppressed(user, wave, {"All": track["overall"]})["All"],
        "by_kind": _suppressed(user, wave, track["by_kind"]),
        "by_role": _suppressed(user, wave, track["by_role"]),
        "people": people,
        "named": named(user, wave) if sees else [],
        "before": before,
        "change": None,
        "live": services.is_live(wave),
        "min_group_size": survey.min_group_size,
    }
    if before is not None and wave.status == WaveStatus.CLOSED:
        context["change"] = change_rows(user, before, wave)
        context["measures_side_by_side"] = side_by_side(before, wave)
    context["coverage"] = coverage_of(wave) if sees and wave.status == WaveStatus.OPEN else None
    context["coverage_measures"] = named_measures(user, context["coverage"])
    if may_run:
        candidates = _candidates(wave, params) if wave.status != WaveStatus.CLOSED else []
        names = survey_access.names(user, [p.pk for p in candidates])
        context.update(
            candidates=[(p, names.get(p.pk)) for p in candidates],
            organisations=services.member_organisations(network),
            roles=services.role_choices(network),
            chosen_organisation=params.get("organisation", ""),
            chosen_role=params.get("role", ""),
            close_form=forms.CloseForm(
                initial={
                    "unreciprocated": wave.unreciprocated,
                    "non_respondents": wave.non_respondents,
                }
            ),
            import_form=forms.ImportForm(),
            roster=[
                (f"p:{pk}", name)
                for pk, name in services.roster_people(survey).values_list("pk", "name")
            ]
            + [(f"o:{o.pk}", o.name) for o in services.member_organisations(network)],
        )
    return context


def coverage_of(wave, *, draws: int = 100, seed: int = 0):
    """The coverage panel: :func:`nlc.analysis.coverage.coverage` of the wave's person-level
    nominations, the roster being everyone invited and the groups their organisations'
    kinds. None when nobody was invited.

    The resampling (the page's slowest part) is kept in the derived cache shared by every server
    process (:func:`nlc.web.cache.derived`), keyed by a digest of its inputs as read here (who
    is invited, their kinds, who answered, who named whom and how strongly, in order),
    ``draws`` and ``seed``: invitations and answers change the data version on no write, so
    the key names their content instead, and any response that changes the figures changes
    it. The value holds ids only; names are applied per user by :func:`named_measures`.
    """
    from nlc.analysis.coverage import coverage

    invited = dict(wave.invitations.values_list("person_id", "person__organisation__kind"))
    if not invited:
        return None
    respondents = set(
        wave.invitations.filter(
            status__in=[InvitationStatus.PARTIAL, InvitationStatus.COMPLETE]
        ).values_list("person_id", flat=True)
    )
    found = services.nominations(wave)
    ties = [
        (ego[1], alter[1], weight)
        for (_, ego, alter), (weight, _) in found.items()
        if ego[0] == "p" and alter[0] == "p" and ego[1] in invited
    ]
    inputs = (list(invited.items()), sorted(respondents), ties, draws, seed)
    key = f"nlc:survey-coverage:{wave.pk}:{hashlib.sha256(repr(inputs).encode()).hexdigest()}"
    return derived(
        key,
        lambda: coverage(ties, list(invited), invited, respondents, draws=draws, seed=seed),
        version=False,
    )


def named_measures(user, found) -> list[dict]:
    """The coverage measures with each broker's name as the user may see it."""
    if found is None:
        return []
    ids = [int(m.key.split(":")[1]) for m in found.measures if m.key.startswith("broker:")]
    names = survey_access.names(user, ids)
    rows = []
    for m in found.measures:
        label = m.label
        if m.key.startswith("broker:"):
            label = f"Broker: {names.get(int(m.key.split(':')[1]), 'unknown')}"
        rows.append({**m.__dict__, "label": label})
    return rows


def wave_table(user, wave) -> TieTable:
    """The wave's ties as a :class:`TieTable` (ids ``p<pk>``/``o<pk>``; names as the user
    may see them; undirected ties as two arcs)."""
    ties = services.wave_ties(wave)
    ends = sorted({e for key in ties for e in key[1:]})
    names = survey_access.names(user, [pk for kind, pk in ends if kind == "p"])
    orgs = dict(
        Organisation.objects.filter(pk__in=[pk for kind, pk in ends if kind == "o"]).values_list(
            "pk", "name"
        )
    )
    keys = sorted(ties)
    label = f"survey-{wave.survey_id}-wave-{wave.number}"
    nodes = NodeTable(
        label,
        [f"{k}{pk}" for k, pk in ends],
        {
            "label": [_label(names, orgs, e) for e in ends],
            "level": ["person" if k == "p" else "organisation" for k, _ in ends],
        },
    )
    return TieTable(
        label,
        [f"{a[0]}{a[1]}" for _, a, _ in keys],
        [f"{b[0]}{b[1]}" for _, _, b in keys],
        np.asarray([ties[k] for k in keys], dtype=np.float64),
        [t for t, _, _ in keys],
        None,
        directed=True,
        nodes=nodes,
        attributes={"wave": [str(wave.number)] * len(keys)},
    )


def wave_export(user, wave, fmt: str):
    from nlc.web.exports.services import export_file

    return export_file(wave_table(user, wave), fmt, f"survey-{wave.survey_id}-wave-{wave.number}")
