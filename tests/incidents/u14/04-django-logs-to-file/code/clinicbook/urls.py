from django.contrib import admin
from django.urls import include, path

from bookings import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz),
    path("api/", include("bookings.urls")),
    path("book/<slug:slug>", views.book_page),
]
