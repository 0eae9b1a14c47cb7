"""Pub/Sub Subscriber configuration methods, for faults the real emulator cannot produce.

A subscription that does not exist is NOT_FOUND, as in the real service.
"""

from __future__ import annotations

from typing import Any

from google.pubsub_v1 import types

from fakes.grpcserver import FakeGrpcServer, Method, not_found, paged


def add_pubsub(server: FakeGrpcServer, subscriptions: list[Any]) -> None:
    def get(request: Any) -> Any:
        for sub in subscriptions:
            if sub.name == request.subscription:
                return sub
        # Pub/Sub's own wording (the client raises google.api_core.exceptions.NotFound).
        raise not_found(f"Resource not found (resource={request.subscription.rsplit('/', 1)[-1]}).")

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
