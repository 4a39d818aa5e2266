"""Knowledge items on the small area of ``fixtures.py``, at every stage, and who may read each.

Alpha (the led network): a member's draft and an item of theirs in review, a teacher's
published item, a public item by the leader and a pupil, a partner's draft, an archived item.
Beta: a draft, an item in review and a published item.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

ALL = {
    "alpha_draft", "alpha_review", "alpha_published", "alpha_public", "partner_draft",
    "alpha_archived", "beta_draft", "beta_review", "beta_published",
}  # fmt: skip
ALPHA = {k for k in ALL if not k.startswith("beta")}
PUBLISHED = {"alpha_published", "alpha_public", "beta_published"}
#: Who reads which items (the access rules of nlc.web.knowledge.access).
READS = {
    "admin": ALL,
    "evaluator": ALL,
    "leader": ALPHA | {"beta_published"},
    "facilitator": ALPHA | {"beta_published"},
    "member": (ALPHA - {"partner_draft"}) | {"beta_published"},
    "partner": PUBLISHED | {"partner_draft"},
    None: {"alpha_public"},
}


def build_items(area) -> SimpleNamespace:
    """Create the items above on ``area`` (from ``build_small_area``); returns them by name."""
    from django.contrib.auth import get_user_model

    from nlc.web.knowledge import services
    from nlc.web.knowledge.models import Item, Kind, Status

    users = {u.username: u for u in get_user_model().objects.all()}
    p = area.people

    def item(name, network, status, authors, *, by=None, kind=Kind.PRACTICE, public=False, **text):
        made = Item(
            area=area.area,
            kind=kind,
            title=text.pop("title", name.replace("_", " ").title()),
            summary=text.pop("summary", ""),
            body=text.pop("body", ""),
            date=text.pop("date", dt.date(2025, 3, 1)),
            status=status,
            public=public,
            created_by=users.get(by),
            published_at=dt.datetime(2025, 3, 2, tzinfo=dt.UTC) if public else None,
            **text,
        )
        return services.save_item(
            made,
            users.get(by),
            networks=[network],
            authors=authors,
            organisations=[a.organisation for a in authors],
        )

    a, b = area.led, area.other
    return SimpleNamespace(
        alpha_draft=item(
            "alpha_draft",
            a,
            Status.DRAFT,
            [p.member],
            by="member",
            title="Talk partners for quiet pupils",
            summary="Structured talk roles helped reticent learners speak in class.",
            ecm="enjoy_achieve",
            phase="primary",
            theme="oracy",
        ),
        alpha_review=item(
            "alpha_review",
            a,
            Status.IN_REVIEW,
            [p.member],
            by="member",
            kind=Kind.TOOL,
            title="Learning walk observation schedule",
            summary="A template for observing classrooms on a learning walk.",
        ),
        alpha_published=item(
            "alpha_published",
            a,
            Status.PUBLISHED,
            [p.teacher],
            kind=Kind.CASE_STUDY,
            title="Breakfast club and attendance",
            summary="A breakfast club cut persistent absence among Year 7 pupils.",
            ecm="be_healthy,enjoy_achieve",
            date=dt.date(2025, 5, 1),
        ),
        alpha_public=item(
            "alpha_public",
            a,
            Status.PUBLISHED,
            [p.leader, p.pupil],
            public=True,
            kind=Kind.THINK_PIECE,
            title="Why networks learn faster than schools alone",
            summary="A think piece on joint enquiry between schools and partners.",
            body="Networks **share** what works.",
            tags="enquiry, networks",
        ),
        partner_draft=item(
            "partner_draft",
            a,
            Status.DRAFT,
            [p.partner],
            by="partner",
            kind=Kind.DATA_SET,
            title="Library membership by ward",
            summary="Counts of junior members per ward.",
        ),
        alpha_archived=item(
            "alpha_archived",
            a,
            Status.ARCHIVED,
            [p.teacher],
            title="Old homework policy",
        ),
        beta_draft=item(
            "beta_draft",
            b,
            Status.DRAFT,
            [p.beta_leader],
            title="Beta attendance draft",
            summary="Home visits and attendance.",
        ),
        beta_review=item(
            "beta_review",
            b,
            Status.IN_REVIEW,
            [p.beta_teacher],
            title="Beta health checks",
        ),
        beta_published=item(
            "beta_published",
            b,
            Status.PUBLISHED,
            [p.beta_teacher],
            kind=Kind.TOOL,
            title="Referral form for school nurses",
            summary="A one-page referral form agreed with the health centre.",
            ecm="be_healthy,stay_safe",
        ),
    )
