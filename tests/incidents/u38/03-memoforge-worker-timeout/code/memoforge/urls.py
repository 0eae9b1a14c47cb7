from django.urls import path

from underwriting import views

urlpatterns = [
    path("healthz", views.healthz),
    path("api/submissions/<str:ref>/", views.submission_detail),
    path("api/submissions/<str:ref>/memo/", views.generate_memo),
]
