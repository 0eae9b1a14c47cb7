from django.contrib import admin
from django.urls import path

from bookings import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("holds/<int:book_id>/", views.place_hold, name="place-hold"),
    path("healthz", views.healthz),
]
