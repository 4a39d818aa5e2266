"""Pages of the knowledge app for signed-in users: the list and search, an item, the
create and edit form, the review steps, attachments, and the network's Knowledge section.
The public resource and its feed are in :mod:`nlc.web.knowledge.public`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nlc.web.knowledge import access, queries, services
from nlc.web.knowledge.forms import ActionForm, FilterForm, ItemForm
from nlc.web.knowledge.markdown import render_markdown
from nlc.web.knowledge.models import Attachment, Comment, Item, Status
from nlc.web.registry import access as registry
from nlc.web.registry.models import Network
from nlc.web.workspace import permitted_object, section_context

LIST_SIZE = 50


def _readable(request) -> None:
    if not access.may_read(request.user):
        raise PermissionDenied


def _item(request, pk: int) -> Item:
    item = get_object_or_404(Item, pk=pk)
    if not access.can_view(request.user, item):
        raise PermissionDenied
    return item


def listing(request, items, form: FilterForm) -> dict:
    """The rows of a list page: search hits (with snippets) or the newest items."""
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.filtered(items, data)
    query = (data.get("q") or "").strip()
    if query:
        rows = [{"item": i, "snippet": h.snippet} for i, h in queries.search_items(items, query)]
    else:
        rows = [{"item": i, "snippet": ""} for i in items.order_by("-date", "-pk")[:LIST_SIZE]]
    return {"rows": rows, "query": query, "total": items.count()}


@require_safe
@login_required
def item_list(request):
    _readable(request)
    form = FilterForm(request.GET or None)
    context = listing(request, access.visible_items(request.user), form)
    context.update(
        form=form,
        may_create=access.can_create(request.user),
        networks=registry.visible_networks(request.user),
    )
    return render(request, "knowledge/list.html", context)


@require_safe
@login_required
def item_detail(request, pk: int):
    item = _item(request, pk)
    user = request.user
    context = {
        "item": item,
        "body": render_markdown(item.body),
        "authors": queries.author_names(user, item),
        "organisations": item.organisations.filter(
            pk__in=registry.visible_organisations(user).values("pk")
        ),
        "networks": item.networks.all(),
        "activity": services.activity_of(item),
        "people_to_ask": queries.people_to_ask(user, item),
        "related": queries.related(user, item),
        "comments": item.comments.select_related("author"),
        "versions": item.versions.select_related("changed_by")[:20],
        "attachments": item.attachments.all(),
        "can_edit": access.can_edit(user, item),
        "can_submit": access.can_submit(user, item),
        "can_review": access.can_review(user, item),
        "can_comment": access.can_comment(user, item),
        # Accounts' names (in comments and versions) are not shown to evaluators, who see
        # everyone pseudonymised.
        "show_names": user.is_superuser or registry.role_of(user) != "evaluator",
    }
    return render(request, "knowledge/detail.html", context)


def _form(request, item: Item, data=None, files=None) -> ItemForm:
    user = request.user
    networks = access.writable_networks(user) | Network.objects.filter(
        pk__in=item.networks.values("pk") if item.pk else []
    )
    people = queries.visible_for(user)
    organisations = registry.visible_organisations(user)
    return ItemForm(
        data,
        files,
        instance=item,
        networks=networks.distinct(),
        people=people,
        organisations=organisations,
    )


def _save(request, form: ItemForm, item: Item):
    data = form.cleaned_data
    try:
        saved = services.save_item(
            form.save(commit=False),
            request.user,
            networks=data["networks"],
            authors=data["authors"],
            organisations=data["organisations"],
        )
        if data.get("attachment"):
            services.add_attachment(saved, request.user, data["attachment"])
    except ValueError as exc:
        form.add_error("attachment", str(exc))
        return None
    return saved


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request):
    if not access.can_create(request.user):
        raise PermissionDenied
    person = getattr(request.user, "person", None)
    item = Item()
    if request.method == "POST":
        form = _form(request, item, request.POST, request.FILES)
        if form.is_valid():
            saved = _save(request, form, item)
            if saved is not None:
                messages.success(request, "Draft saved.")
                return redirect(saved)
    else:
        initial = {"authors": [person.pk]} if person else {}
        if person:
            initial["organisations"] = [person.organisation_id]
        network = request.GET.get("network", "")
        if network.isdigit():
            initial["networks"] = [int(network)]
        form = _form(request, item)
        form.initial.update(initial)
    return render(
        request, "knowledge/form.html", {"form": form, "title": "New knowledge item", "item": None}
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk: int):
    item = _item(request, pk)
    if not access.can_edit(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        form = _form(request, item, request.POST, request.FILES)
        if form.is_valid() and _save(request, form, item) is not None:
            messages.success(request, "Saved.")
            return redirect(item)
    else:
        form = _form(request, item)
    return render(
        request, "knowledge/form.html", {"form": form, "title": f"Edit: {item.title}", "item": item}
    )


def _allowed(user, item: Item, action: str) -> bool:
    if action == "submit":
        return access.can_submit(user, item)
    if action == "comment":
        return access.can_comment(user, item)
    return access.can_review(user, item)


@require_POST
@login_required
def item_action(request, pk: int):
    """A review step (submit, return, publish, archive), a comment, or the public flag."""
    item = _item(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That step is not known.")
        return redirect(item)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    if not _allowed(request.user, item, action):
        raise PermissionDenied
    try:
        if action == "comment":
            if not note.strip():
                messages.error(request, "Write a comment first.")
                return redirect(item)
            services.comment(item, request.user, note)
        elif action in ("public", "private"):
            services.set_public(item, request.user, action == "public")
        else:
            services.move(item, action, request.user, note, public=form.cleaned_data["public"])
    except services.LifeCycleError as exc:
        messages.error(request, str(exc))
        return redirect(item)
    done = dict(Comment.Action.choices).get(action, "changed it")
    messages.success(request, f"You {done}." if action != "comment" else "Comment added.")
    return redirect(item)


def download(attachment: Attachment) -> FileResponse:
    """An attachment as a download, never rendered by the browser."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from the data folder.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@login_required
def attachment(request, pk: int):
    found = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if not access.can_view(request.user, found.item):
        raise PermissionDenied
    return download(found)


@require_safe
@login_required
def network_knowledge(request, pk: int):
    """The network's Knowledge section: its items, related items and items for its focus."""
    network = permitted_object(request.user, Network, pk, registry.can_view_network)
    user = request.user
    form = FilterForm(request.GET or None)
    items = access.visible_items(user).filter(networks=network)
    context = listing(request, items, form)
    context.update(
        form=form,
        for_focus=queries.for_focus(user, network),
        related=queries.related_to_network(user, network),
        may_create=access.writable_networks(user).filter(pk=network.pk).exists(),
        statuses=Status,
    )
    return render(
        request,
        "knowledge/network_knowledge.html",
        section_context(request, network, "knowledge", **context),
    )
