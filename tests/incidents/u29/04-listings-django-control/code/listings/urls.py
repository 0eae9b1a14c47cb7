from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz),
    path("api/drafts", views.draft),
    path("api/feeds/<slug:channel>/export", views.export_feed),
]
