from django.urls import path

from nlc.web.imports import views

urlpatterns = [
    path("imports/", views.upload, name="import-upload"),
]
