import time

import pytest
import responses

from statements import partner, settings


@pytest.fixture(autouse=True)
def reset_token():
    partner._token = None
    partner._token_expiry = 0.0


@responses.activate
def test_token_is_cached():
    responses.post(settings.PARTNER_TOKEN_URL, json={"access_token": "t1", "expires_in": 3600})
    assert partner._access_token() == "t1"
    assert partner._access_token() == "t1"
    assert len(responses.calls) == 1


@responses.activate
def test_token_refreshed_when_expired():
    responses.post(settings.PARTNER_TOKEN_URL, json={"access_token": "t2", "expires_in": 3600})
    partner._token, partner._token_expiry = "old", time.time() + 10
    assert partner._access_token() == "t2"
