from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz),
    path("summaries/", views.create_summary),
    path("summaries/<int:pk>/", views.get_summary),
]
