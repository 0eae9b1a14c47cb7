import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

from enrich.crm import AccountStore
from enrich.firmo import FirmoClient
from enrich.pipeline import Enricher


class _Partner(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        domain = self.path.rsplit("/", 1)[-1]
        if domain == "missing.example":
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps({"industry": "Retail", "employees": {"band": "11-50"}, "hq": {"country": "IE"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def partner():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Partner)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.fixture()
def store(tmp_path):
    s = AccountStore(f"sqlite:///{tmp_path}/crm.db")
    with s.engine.begin() as conn:
        conn.execute(text(
            "CREATE TABLE accounts (id TEXT PRIMARY KEY, domain TEXT, name TEXT, created_at TEXT, industry TEXT,"
            " employee_band TEXT, hq_country TEXT, firmo_payload TEXT, enriched_at TEXT)"
        ))
        conn.execute(text(
            "INSERT INTO accounts (id, domain, name, created_at) VALUES"
            " ('a1', 'shop.example', 'Shop', '2026-01-01'), ('a2', 'missing.example', 'Gone', '2026-01-02')"
        ))
    return s


def test_run_saves_profiles_and_counts_misses(partner, store):
    ok, failed = Enricher(store, FirmoClient(partner, "k"), workers=2).run(limit=10)
    assert (ok, failed) == (1, 1)
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT industry, hq_country FROM accounts WHERE id='a1'")).one()
    assert tuple(row) == ("Retail", "IE")
