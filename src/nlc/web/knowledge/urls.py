from django.urls import path

from nlc.web.knowledge import public, views
from nlc.web.routes import network_page, record_pages

urlpatterns = [
    *record_pages("knowledge", "knowledge", views, prefix="item", add="new"),
    path("knowledge/<int:pk>/action/", views.item_action, name="knowledge-action"),
    path("knowledge/files/<int:pk>/", views.attachment, name="knowledge-attachment"),
    network_page("knowledge", views.network_knowledge),
    path("resource/", public.resource_list, name="resource-list"),
    path("resource/feed/", public.PublicFeed(), name="resource-feed"),
    path("resource/<int:pk>/", public.resource_detail, name="resource-detail"),
    path("resource/files/<int:pk>/", public.resource_attachment, name="resource-attachment"),
]
