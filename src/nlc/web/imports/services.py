"""Imports into the web registry: organisations, people and ties from CSV/XLSX, England's
school census and GIAS group links.

Every import is all-or-nothing. A file is read with :func:`nlc.network.tables.read_table`
(CSV as UTF-8 or Windows-1252, TSV, XLSX), every row is checked, and only when no row has an
error is anything written, inside one transaction. Each record is checked by the same rules
as the pages' forms and the API (the model's ``rules()``, :mod:`nlc.web.validation`): no
contact details for a pupil, a phase for schools only, an easting with its northing, no
blank names, no NUL bytes, weights above 0 and at most 1e9 (also once repeated rows of one
tie are added up). Otherwise :class:`ImportFailed` is raised
carrying *every* error as an :class:`~nlc.errors.InputError` that names the file, the row
(the header is row 1) and the column. ``dry_run=True`` runs the whole import, reports what it
would do and rolls it back.

Files (column names are matched ignoring case and surrounding spaces; other columns are
ignored; a column that is absent leaves that field of existing records unchanged):

``organisations``
    ``name`` (or ``id``, the nodes file of ``nlc analyse``), ``kind``, and optionally
    ``phase``, ``urn``, ``school_type``, ``trust``, ``local_authority``, ``postcode``,
    ``easting``, ``northing``, ``size``. ``kind`` is a kind's value or label (``school``,
    ``health``, ``Voluntary and community``, ...); empty means ``school`` for a row with a
    URN. ``phase`` is a phase's value or label, or a census phase (``State-funded
    primary``). A row with a URN updates the organisation with that URN, wherever it is; a
    row without one updates the organisation of the same name (ignoring case) in the area,
    otherwise a new one is created in the area. With a network, every organisation of the
    file becomes a member of it.
``people``
    ``name``, ``organisation`` (its URN or its name), and optionally ``email``,
    ``job_title``, ``phone``, ``is_pupil`` (yes/no, true/false, 1/0). A row with an e-mail
    updates the person with that e-mail; a row without one updates the person of the same
    name in the same organisation; otherwise a person is created.
``ties``
    ``source``, ``target`` and optionally ``weight``, ``type``, ``date``, ``directed``: the
    tie files ``nlc analyse`` reads. Each end names

    * a person by e-mail, when it contains ``@``;
    * an organisation by URN, when it is a whole number;
    * otherwise an organisation by name (ignoring case), which must be unique.

    Both ends must be people or both organisations, and different. ``type`` is a tie type's
    value or label (empty or absent: collaboration); ``weight`` a number above 0 (empty:
    1); ``date`` as ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DD/MM/YYYY`` (empty: today);
    ``directed`` yes/no (empty: yes). Rows for the same two ends, type and date are one
    tie and their weights add up, as in ``nlc analyse``. Ties get provenance *import* and the
    file name as detail. Importing the same file again updates those ties instead of adding
    new ones. A tie belongs to the given network (if any) and to the area of the network,
    of the given area, or else of its source.
``census``
    The DfE school census extract (``school_census_2022-23.csv``): ``urn``, ``la_name``,
    ``school_name``, ``phase_type_grouping`` and optionally ``new_la_code``, ``trust``,
    ``typeofestablishment_name``, ``school_postcode``, ``headcount of pupils``. Every row
    becomes a school (kind school) with its phase, type, local authority, trust, postcode
    and size (pupil headcount; the DfE's suppression marks ``z``, ``x``, ``c`` and ``low``
    mean unknown). Easting and northing come from a postcode centroid file
    (``aux_school_postcode_centroids_bng_census2011.csv`` beside the census file, or
    ``centroids=``) when the postcode is in it. Schools go into one area per local
    authority (created as needed, coded by ``new_la_code``), or all into ``area``. The URN
    is the key: importing again updates schools (a school keeps the area it was first
    imported into), so the import is idempotent. With a network, the schools go into its
    area (a school already in another area is an error) and join the network.
``gias-links``
    A GIAS *academies and free schools group links* file, read by
    :func:`nlc.network.gias.read_group_links`. For schools already imported (matched by
    URN; others are counted and skipped) the trust is set to the group's name: the
    multi-academy trust, else the single-academy trust. The census comes first: a file
    none of whose schools is imported is refused. With a network, the matched schools of
    its area join it. With ``create_ties=True``, every
    two schools of the same multi-academy trust get an undirected co-participation tie
    (provenance import, dated when the later of the two joined), once: existing ones are
    kept.

``activities``
    Learning activities and their participants, into a network (columns and rules:
    :mod:`nlc.web.learning.imports`): ``activity``, ``kind``, ``start_date`` and optionally
    ``end_date``, ``status``, ``focus``, ``host``, ``person``, ``organisation``, ``role``.

``confine=True`` (used by the upload page) keeps an import inside ``area``: names, URNs and
e-mails are looked up only there, and a row that would change another area's record is an
error.

Every import runs the same pipeline (:mod:`nlc.web.imports.pipeline`); each kind declares its
columns, row checks and writer in a module of its own (``organisations``, ``people``, ``ties``,
``census``, ``gias``).
"""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.web.audit.registration import record_import
from nlc.web.imports.census import CENTROIDS_FILE, CensusImport
from nlc.web.imports.gias import MULTI_ACADEMY_TRUST, SINGLE_ACADEMY_TRUST, GiasLinksImport
from nlc.web.imports.organisations import CENSUS_PHASES, OrganisationImport
from nlc.web.imports.people import PeopleImport
from nlc.web.imports.pipeline import (
    BATCH,
    Importer,
    ImportFailed,
    ImportResult,
    Writer,
    run_pipeline,
)
from nlc.web.imports.ties import TieImport
from nlc.web.learning.imports import ActivityImport
from nlc.web.registry.models import Area, Network

__all__ = [
    "BATCH",
    "CENSUS_PHASES",
    "CENTROIDS_FILE",
    "KINDS",
    "MULTI_ACADEMY_TRUST",
    "SINGLE_ACADEMY_TRUST",
    "ImportFailed",
    "ImportResult",
    "import_census",
    "import_gias_links",
    "import_organisations",
    "import_people",
    "import_ties",
    "run_import",
]

#: The kinds of import, as ``nlc import KIND`` and the upload form name them.
KINDS = {
    "organisations": "Organisations (CSV/XLSX)",
    "people": "People (CSV/XLSX)",
    "ties": "Ties (CSV/XLSX)",
    "census": "School census (DfE)",
    "gias-links": "GIAS group links (DfE)",
    "activities": "Learning activities and participants (CSV/XLSX)",
}
_IMPORTERS: dict[str, type[Importer]] = {
    "organisations": OrganisationImport,
    "people": PeopleImport,
    "ties": TieImport,
    "census": CensusImport,
    "gias-links": GiasLinksImport,
    "activities": ActivityImport,
}


def run_import(
    kind: str,
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
    writer: Writer | None = None,
    **options,
) -> ImportResult:
    """Run the import called ``kind`` (one of :data:`KINDS`) on ``path``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    path : str or Path
        The file to import.
    area, network : optional
        Where the records go (see the module docstring), as objects or names.
    dry_run : bool
        Check and report everything; write nothing.
    display_name : str, optional
        The file's name as the user knows it (an uploaded file's), used in messages.
    confine : bool
        Keep the import inside ``area``.
    writer : Writer, optional
        Write in batches (a :class:`~nlc.web.imports.pipeline.BatchedWriter`, as background
        jobs do) and report progress; by default in one transaction.
    **options
        Options of one kind: ``centroids`` and ``local_authority`` (census),
        ``create_ties`` (gias-links).

    Returns
    -------
    ImportResult

    Raises
    ------
    ImportFailed
        With every row error, having written nothing.
    InputError
        For an unknown kind, or a network given to a kind that takes none.
    """
    if kind not in _IMPORTERS:
        raise InputError(f"unknown import {kind!r}; choose from {', '.join(KINDS)}")
    if network is not None and kind == "people":
        raise InputError(f"a network cannot be given for a {kind} import")
    importer = _IMPORTERS[kind](
        path,
        area=area,
        network=network,
        display_name=display_name,
        confine=confine,
        **options,
    )
    result = run_pipeline(importer, dry_run=dry_run, writer=writer)
    if not dry_run:
        record_import(result, area=area)  # bulk writes leave no audit entries of their own
    return result


def import_organisations(path: str | Path, *, dry_run: bool = False, **settings) -> ImportResult:
    """Import organisations (see the module docstring for the columns and rules).

    ``settings`` are those of :func:`run_import` (``area``, ``network``, ``display_name``,
    ``confine``).
    """
    return run_pipeline(_IMPORTERS["organisations"](path, **settings), dry_run=dry_run)


def import_people(path: str | Path, *, dry_run: bool = False, **settings) -> ImportResult:
    """Import people (see the module docstring); ``settings`` as for :func:`run_import`."""
    return run_pipeline(_IMPORTERS["people"](path, **settings), dry_run=dry_run)


def import_ties(path: str | Path, *, dry_run: bool = False, **settings) -> ImportResult:
    """Import ties (see the module docstring); ``settings`` as for :func:`run_import`."""
    return run_pipeline(_IMPORTERS["ties"](path, **settings), dry_run=dry_run)


def import_census(path: str | Path, *, dry_run: bool = False, **settings) -> ImportResult:
    """Import every school of the census file (see the module docstring).

    ``settings`` as for :func:`run_import`, and ``centroids`` (a postcode centroid file) and
    ``local_authority`` (keep only the schools of that ``la_name``).
    """
    return run_pipeline(_IMPORTERS["census"](path, **settings), dry_run=dry_run)


def import_gias_links(path: str | Path, *, dry_run: bool = False, **settings) -> ImportResult:
    """Set the trust of imported schools from a GIAS group-links file, optionally tying
    schools of the same multi-academy trust (``create_ties=True``; see the module docstring).
    ``settings`` as for :func:`run_import`."""
    return run_pipeline(_IMPORTERS["gias-links"](path, **settings), dry_run=dry_run)
