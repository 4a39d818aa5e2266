"""Django admin for data managers."""

from django.contrib import admin

from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    NetworkRole,
    Organisation,
    Person,
    Profile,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phase", "urn", "local_authority", "area"]
    list_filter = ["kind", "phase", "area"]
    search_fields = ["name", "urn", "postcode", "trust"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "job_title", "is_pupil"]
    list_filter = ["is_pupil"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["organisation"]
    extra = 0


class NetworkRoleInline(admin.TabularInline):
    model = NetworkRole
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "programme", "start_date", "end_date"]
    search_fields = ["name", "focus", "programme"]
    inlines = [MembershipInline, NetworkRoleInline]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "area"]
    list_filter = ["role", "area"]
