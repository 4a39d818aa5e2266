"""The import page: an area administrator uploads a file and gets back either what was
imported or every row error (nothing is written then).

Uploads over ``settings.NLC_MAX_UPLOAD_BYTES`` are refused with a message, before Django
spools them when the request says its length, after it otherwise. The view is exempted from
the CSRF middleware and checks CSRF itself (``csrf_protect`` on the inner function), so that
an oversized body is refused before anything reads it and Django's ``RequestDataTooBig``
becomes the same message instead of an error page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nlc.errors import InputError
from nlc.network.tables import read_table
from nlc.web.imports import jobs
from nlc.web.imports.forms import ImportForm
from nlc.web.imports.models import ImportJob
from nlc.web.imports.services import ImportFailed, run_import
from nlc.web.registry import access
from nlc.web.registry.models import Area, UserRole

#: Room for the multipart envelope and the form's other fields around the file.
MULTIPART_SLACK = 64 * 1024


def _own_area(user) -> Area | None:
    """The area an area administrator imports into; None for a superuser (any area)."""
    profile = access.profile_of(user)
    if profile is not None and profile.role == UserRole.AREA_ADMIN and not user.is_superuser:
        return profile.area
    return None


def _too_big(request, area: Area | None):
    limit = filesizeformat(settings.NLC_MAX_UPLOAD_BYTES)
    message = (
        f"The file is too large: uploads are limited to {limit}. Split it into smaller "
        "files, or import it on the server with `nlc import`."
    )
    return _render(request, ImportForm(area=area), area, refused=message, status=413)


def _render(request, form, area, *, status=200, **context):
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "area": area,
            "max_bytes": settings.NLC_MAX_UPLOAD_BYTES,
            **context,
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def upload(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.is_area_admin(request.user):
        raise PermissionDenied
    area = _own_area(request.user)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.NLC_MAX_UPLOAD_BYTES + MULTIPART_SLACK:
            return _too_big(request, area)
    try:
        return _upload(request, area)
    except RequestDataTooBig:
        return _too_big(request, area)


@csrf_protect
def _upload(request, area: Area | None):
    if request.method != "POST":
        return _render(request, ImportForm(area=area), area)
    upload = request.FILES.get("file")
    if upload is not None and upload.size > settings.NLC_MAX_UPLOAD_BYTES:
        return _too_big(request, area)
    form = ImportForm(request.POST, request.FILES, area=area)
    if not form.is_valid():
        return _render(request, form, area, status=400)
    data = form.cleaned_data
    kind = data["kind"]
    options = {}
    if kind == "census":
        options["local_authority"] = data["local_authority"] or None
        centroids = os.environ.get("NLC_POSTCODE_CENTROIDS")
        if centroids:
            options["centroids"] = centroids
    if kind == "gias-links":
        options["create_ties"] = data["create_ties"]
    upload = data["file"]
    with tempfile.TemporaryDirectory(prefix="nlc-import-") as folder:
        path = Path(folder) / f"upload{Path(upload.name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        target = area if area is not None else data.get("area")
        rows = 0 if data["dry_run"] else _rows(path)
        if rows > settings.NLC_IMPORT_BACKGROUND_ROWS:
            job = jobs.enqueue(
                kind,
                path,
                file_name=upload.name,
                rows=rows,
                user=request.user,
                options={
                    "area": target.pk if target is not None else None,
                    "network": data["network"].pk if data.get("network") else None,
                    "confine": area is not None,
                    **options,
                },
            )
            return redirect("import-job", job.pk)
        try:
            result = run_import(
                kind,
                path,
                area=target,
                network=data.get("network"),
                dry_run=data["dry_run"],
                display_name=upload.name,
                confine=area is not None,
                **options,
            )
        except ImportFailed as exc:
            return _render(request, form, area, failure=exc, status=400)
        except InputError as exc:
            return _render(request, form, area, failure=ImportFailed([exc]), status=400)
    return _render(request, ImportForm(area=area), area, result=result)


def _rows(path: Path) -> int:
    """Rows of the file (0 when it cannot be read: the import then reports why)."""
    try:
        return len(read_table(path).records)
    except InputError:
        return 0


def _job(request, pk: int) -> ImportJob:
    """The import job ``pk``, for its author or a superuser (404 for anyone else)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    jobs_seen = ImportJob.objects.defer("content")
    if not request.user.is_superuser:
        jobs_seen = jobs_seen.filter(created_by=request.user)
    return get_object_or_404(jobs_seen, pk=pk)


def _job_state(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "rows": job.rows,
        "summary": job.summary,
        "counts": job.counts,
        "errors": job.errors[:500],
        "finished": job.status in ("done", "failed"),
    }


@require_http_methods(["GET"])
def job_page(request, pk: int):
    """A background import: its progress (the page polls :func:`job_status`) and outcome."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, pk)
    area = _own_area(request.user)
    return _render(request, ImportForm(area=area), area, job=job, state=_job_state(job))


@require_http_methods(["GET"])
def job_status(request, pk: int):
    """The progress of a background import, as JSON."""
    return JsonResponse(_job_state(_job(request, pk)))
