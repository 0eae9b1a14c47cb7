import fakeredis  # noqa: F401  (installed in CI only)
import pytest

from ledgerly.web.app import app


@pytest.fixture
def client():
    return app.test_client()


def test_healthz_route_exists(client):
    assert app.url_map.bind("x").match("/healthz")
