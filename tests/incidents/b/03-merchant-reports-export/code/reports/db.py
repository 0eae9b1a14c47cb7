import psycopg
from flask import current_app, g


def get_conn() -> psycopg.Connection:
    if "conn" not in g:
        g.conn = psycopg.connect(current_app.config["DATABASE_URL"], autocommit=True)
    return g.conn


def close_conn(exc=None) -> None:
    conn = g.pop("conn", None)
    if conn is not None:
        conn.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_conn)
