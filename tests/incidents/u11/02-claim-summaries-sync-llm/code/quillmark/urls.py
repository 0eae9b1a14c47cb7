from django.urls import include, path

urlpatterns = [path("", include("summaries.urls"))]
