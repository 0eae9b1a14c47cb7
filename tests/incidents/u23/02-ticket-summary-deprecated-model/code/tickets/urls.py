from django.urls import path

from tickets import views

urlpatterns = [
    path("", views.ticket_list, name="ticket-list"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:pk>/resummarise/", views.resummarise, name="ticket-resummarise"),
    path("healthz", views.healthz),
]
