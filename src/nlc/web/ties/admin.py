from django.contrib import admin

from nlc.web.registry.admin import AreaScopedAdmin
from nlc.web.ties.models import Tie


@admin.register(Tie)
class TieAdmin(AreaScopedAdmin):
    list_display = ["__str__", "network", "type", "weight", "observed_on", "provenance"]
    list_filter = ["type", "provenance", ("network", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = [
        "source_organisation",
        "target_organisation",
        "source_person",
        "target_person",
    ]
    date_hierarchy = "observed_on"
