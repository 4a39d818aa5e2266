"""Django admin for data managers: superusers and staff see everything, as Django has it;
area administrators see and change their own area's records only (:class:`AreaScopedAdmin`).
"""

from __future__ import annotations

from django.contrib import admin

from nlc.web.registry import access, models


def _area_ids(request) -> list[int] | None:
    """The areas an area administrator manages; None for anyone else (Django's rules apply)."""
    from nlc.web.data_admin import manages_area_data

    if not manages_area_data(request.user):
        return None
    return list(access.administered_areas(request.user).values_list("pk", flat=True))


#: For each model an area administrator may manage: the lookup from it to its area.
AREA_PATHS = {
    models.Area: "pk",
    models.Organisation: "area",
    models.Person: "organisation__area",
    models.Network: "area",
    models.Membership: "network__area",
    models.NetworkRole: "network__area",
}


class AreaScoped:
    """For a model admin or an inline: what an area administrator may see and do.

    Records are filtered by ``area_path`` (the lookup from the model to its area), choices of
    related records are limited to the area, and ``read_only_for_area_admins`` lists fields
    they may not change (the account a person signs in with, say). ``area_admin_may`` says
    what they may do: by default view, add, change and delete.
    """

    area_path = "area"
    area_admin_may: tuple[str, ...] = ("view", "add", "change", "delete")
    read_only_for_area_admins: tuple[str, ...] = ()

    def get_queryset(self, request):
        query = super().get_queryset(request)
        areas = _area_ids(request)
        if areas is None:
            return query
        return query.filter(**{f"{self.area_path}__in": areas}).distinct()

    def _may(self, request, action: str, default) -> bool:
        if _area_ids(request) is None:
            return default
        return action in self.area_admin_may

    def has_module_permission(self, request):
        return self._may(request, "view", super().has_module_permission(request))

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", super().has_view_permission(request, obj))

    def has_add_permission(self, request, *args):
        return self._may(request, "add", super().has_add_permission(request, *args))

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", super().has_delete_permission(request, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if _area_ids(request) is None:
            return fields
        return fields + self.read_only_for_area_admins

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        areas = _area_ids(request)
        path = AREA_PATHS.get(db_field.related_model)
        if areas is not None and path is not None:
            kwargs["queryset"] = db_field.related_model.objects.filter(**{f"{path}__in": areas})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AreaScopedAdmin(AreaScoped, admin.ModelAdmin):
    """A model admin that an area administrator may use for their own area's records."""


class AreaScopedInline(AreaScoped, admin.TabularInline):
    """An inline that an area administrator may use for their own area's records."""


@admin.register(models.Area)
class AreaAdmin(AreaScopedAdmin):
    area_path = "pk"
    area_admin_may = ("view",)
    search_fields = ["name", "code"]


@admin.register(models.Organisation)
class OrganisationAdmin(AreaScopedAdmin):
    list_display = ["name", "kind", "phase", "urn", "local_authority", "area"]
    list_filter = ["kind", "phase", ("area", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "urn", "postcode", "trust"]


@admin.register(models.Person)
class PersonAdmin(AreaScopedAdmin):
    area_path = "organisation__area"
    read_only_for_area_admins = ("user",)
    list_display = ["name", "organisation", "job_title", "is_pupil"]
    list_filter = ["is_pupil"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]


class MembershipInline(AreaScopedInline):
    model = models.Membership
    area_path = "network__area"
    autocomplete_fields = ["organisation"]
    extra = 0


class NetworkRoleInline(AreaScopedInline):
    model = models.NetworkRole
    area_path = "network__area"
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(models.Network)
class NetworkAdmin(AreaScopedAdmin):
    list_display = ["name", "area", "programme", "start_date", "end_date"]
    search_fields = ["name", "focus", "programme"]
    inlines = [MembershipInline, NetworkRoleInline]


@admin.register(models.Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Accounts' roles: superusers and staff with the permission only (never area admins)."""

    list_display = ["user", "role", "area"]
    list_filter = ["role", "area"]
