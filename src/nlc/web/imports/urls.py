from django.urls import path

from nlc.web.imports import views

urlpatterns = [
    path("imports/", views.upload, name="import-upload"),
    path("imports/jobs/<int:pk>/", views.job_page, name="import-job"),
    path("imports/jobs/<int:pk>/status/", views.job_status, name="import-job-status"),
]
