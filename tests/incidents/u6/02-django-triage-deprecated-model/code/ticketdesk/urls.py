from django.contrib import admin
from django.urls import include, path

from triage import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz),
    path("api/", include("triage.urls")),
]
