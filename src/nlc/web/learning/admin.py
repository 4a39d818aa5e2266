from django.contrib import admin

from nlc.web.learning.models import Activity, AdoptionEvent, Participant


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "kind", "start_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


admin.site.register([Participant, AdoptionEvent])
