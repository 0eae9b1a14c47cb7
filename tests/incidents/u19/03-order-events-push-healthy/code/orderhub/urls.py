from django.urls import path

from events import views

urlpatterns = [
    path("pubsub/order-events", views.order_events_push),
    path("healthz", views.healthz),
]
