from django.urls import path

from manifests import views

urlpatterns = [
    path("upload/", views.upload, name="manifest-upload"),
    path("<int:pk>/", views.detail, name="manifest-detail"),
    path("<int:pk>/retry/", views.retry, name="manifest-retry"),
]
