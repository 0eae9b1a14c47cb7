from django.urls import path

from reports import views

urlpatterns = [
    path("", views.request_report, name="request-report"),
    path("<int:pk>/", views.report_status, name="report-status"),
    path("<int:pk>/download/", views.download, name="report-download"),
]
