from django.urls import path

from reports import views

urlpatterns = [
    path("healthz", views.healthz),
    path("api/vehicles/<int:vehicle_id>/trips", views.trips),
    path("api/reports/fleet-health", views.fleet_health_report),
]
