"""The public resource at ``/resource/``: published items marked public, readable without an
account, and an Atom feed of the newest. Nothing personal is shown beyond the authors'
names (never a pupil's) and organisations: no contact details, comments, versions, people
to ask or links into the signed-in site. Files attached to a public item are served to
anyone, as downloads: the reviewer who made the item public published them with it."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from nlc.web.knowledge import access, queries
from nlc.web.knowledge.forms import FilterForm
from nlc.web.knowledge.markdown import render_markdown
from nlc.web.knowledge.models import Attachment
from nlc.web.knowledge.views import download, listing

FEED_SIZE = 30


@require_safe
def resource_list(request):
    form = FilterForm(request.GET or None)
    context = listing(request, access.public_items(), form)
    context["form"] = form
    return render(request, "knowledge/public_list.html", context)


@require_safe
def resource_detail(request, pk: int):
    item = get_object_or_404(access.public_items(), pk=pk)
    context = {
        "item": item,
        "body": render_markdown(item.body),
        "authors": queries.public_author_names(item),
        "organisations": [o.name for o in item.organisations.all()],
        "networks": [n.name for n in item.networks.all()],
        "attachments": item.attachments.all(),
    }
    return render(request, "knowledge/public_detail.html", context)


@require_safe
def resource_attachment(request, pk: int):
    found = get_object_or_404(Attachment, pk=pk, item__in=access.public_items())
    return download(found)


class PublicFeed(Feed):
    """Atom feed of newly published public items."""

    feed_type = Atom1Feed
    title = "NLC knowledge: newly published"
    subtitle = "Accounts of practice, think pieces, case studies, tools and data-sets."

    def link(self):
        return reverse("resource-list")

    def items(self):
        return access.public_items().order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("resource-detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(queries.public_author_names(item)) or None

    def item_categories(self, item):
        return [item.get_kind_display(), *item.tag_list]
