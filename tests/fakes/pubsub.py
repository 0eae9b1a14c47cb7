"""Pub/Sub Subscriber configuration methods, for faults the real emulator cannot produce."""

from __future__ import annotations

from typing import Any

from google.pubsub_v1 import types

from fakes.grpcserver import FakeGrpcServer, Method, paged


def add_pubsub(server: FakeGrpcServer, subscriptions: list[Any]) -> None:
    def get(request: Any) -> Any:
        for sub in subscriptions:
            if sub.name == request.subscription:
                return sub
        raise KeyError(request.subscription)

    def list_(request: Any) -> Any:
        chosen = [s for s in subscriptions if s.name.startswith(request.project + "/")]
        page, token = paged(chosen, request)
        return types.ListSubscriptionsResponse(subscriptions=page, next_page_token=token)

    server.add(
        "google.pubsub.v1.Subscriber",
        {
            "GetSubscription": Method(types.GetSubscriptionRequest, types.Subscription, get),
            "ListSubscriptions": Method(
                types.ListSubscriptionsRequest, types.ListSubscriptionsResponse, list_
            ),
        },
    )
