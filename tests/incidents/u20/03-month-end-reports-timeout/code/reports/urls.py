from django.urls import path

from reports import views

urlpatterns = [
    path("<int:pk>/", views.report_status, name="report-status"),
]
