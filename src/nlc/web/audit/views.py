"""Pages for area administrators: the audit log, and a person's data (export, erasure)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from nlc.web.audit import log, personal, subject
from nlc.web.registry import access
from nlc.web.registry.models import Person

PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_safe
@login_required
def audit_log(request):
    """The audit log of the user's area, filtered by model, object, actor and dates."""
    _require(log.can_read_log(request.user))
    hide = log.pseudonymised(request.user)
    chosen = log.AuditFilter.from_query(request.GET)
    if hide:
        chosen.actor = ""  # evaluators may not look people up by user name
    entries = chosen.apply(log.readable_entries(request.user))
    page = Paginator(entries.order_by("-timestamp", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [log.describe(entry, pseudonymise=hide) for entry in page],
        "pseudonymised": hide,
        "filter": chosen,
        "models": log.audited_models(),
    }
    return render(request, "audit/log.html", context)


def _person_for_admin(request, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("organisation__area"), pk=pk)
    _require(access.can_edit_person(request.user, person))
    return person


@require_safe
@login_required
def person_data(request, pk: int):
    """Everything held about a person: a readable page, or JSON with ``?format=json``."""
    person = _person_for_admin(request, pk)
    data = subject.subject_access(person)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response
    context = {"person": person, "data": data, "sections": _tables(data)}
    return render(request, "audit/person_data.html", context)


def _tables(data: dict) -> list[dict]:
    """The apps' sections of a person's data as plain tables (learning activities have a
    table of their own, with the evidence under each activity)."""
    tables = []
    for section in personal.sections():
        if section.key == "participations":
            continue
        rows = data[section.key]
        columns = list(rows[0]) if rows else []
        tables.append(
            {
                "key": section.key,
                "title": section.title,
                "columns": [c.replace("_", " ").capitalize() for c in columns],
                "rows": [[row[c] for c in columns] for row in rows],
            }
        )
    return tables


@require_http_methods(["GET", "POST"])
@login_required
def person_erase(request, pk: int):
    """Erase a person, after a confirmation page."""
    person = _person_for_admin(request, pk)
    if person.user_id is not None and person.user_id == request.user.pk:
        messages.error(request, "You cannot erase yourself: ask another administrator.")
        return redirect(person)
    if request.method == "POST":
        if request.POST.get("confirm") != str(person.pk):
            messages.error(request, "Tick the box to confirm the erasure.")
            return redirect("person-erase", pk=person.pk)
        organisation = person.organisation
        erasure = subject.erase_person(person)
        messages.success(request, f"{erasure.summary().capitalize()}.")
        return redirect(organisation)
    context = {
        "person": person,
        "ties": person.ties_out.count() + person.ties_in.count(),
        "roles": person.roles.count(),
    }
    return render(request, "audit/person_erase.html", context)
