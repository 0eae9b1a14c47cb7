from unittest import mock

from nightly import tasks


def test_total_is_sum_of_lines():
    resp = mock.Mock()
    resp.json.return_value = {"items": [{"unit_price": 2.5, "quantity": 4}, {"unit_price": 1.0, "quantity": 3}]}
    with mock.patch.object(tasks._session, "get", return_value=resp):
        out = tasks.refresh_account_prices(7, "2026-12-03")
    assert out["total"] == 13.0
    assert out["items"] == 2
