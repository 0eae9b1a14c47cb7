import os
from contextlib import contextmanager

import psycopg
from psycopg.rows import dict_row

DSN = os.environ.get("DATABASE_URL", "postgresql://brightpath@10.20.0.4/brightpath")


@contextmanager
def cursor():
    with psycopg.connect(DSN, row_factory=dict_row) as conn:
        with conn.cursor() as cur:
            yield cur


def get_user(user_id: int) -> dict | None:
    with cursor() as cur:
        cur.execute("SELECT id, email, first_name, locale, digest_opt_in FROM users WHERE id = %s", (user_id,))
        return cur.fetchone()


def lessons_since(user_id: int, days: int = 7) -> list[dict]:
    with cursor() as cur:
        cur.execute(
            """SELECT l.title, l.course_title, p.completed_at
               FROM progress p JOIN lessons l ON l.id = p.lesson_id
               WHERE p.user_id = %s AND p.completed_at > now() - make_interval(days => %s)
               ORDER BY p.completed_at""",
            (user_id, days),
        )
        return cur.fetchall()
