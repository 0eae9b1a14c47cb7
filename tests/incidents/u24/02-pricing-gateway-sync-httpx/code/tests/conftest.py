import pytest
from starlette.testclient import TestClient

from pricing_gateway.app import app


@pytest.fixture(scope="session")
def client():
    with TestClient(app) as c:
        yield c
