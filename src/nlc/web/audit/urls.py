"""The audit log and people's rights (area administrators only)."""

from django.urls import path

from nlc.web.audit import views

urlpatterns = [
    path("area/audit/", views.audit_log, name="audit-log"),
    path("people/<int:pk>/data/", views.person_data, name="person-data"),
    path("people/<int:pk>/erase/", views.person_erase, name="person-erase"),
]
