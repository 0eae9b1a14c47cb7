import datetime as dt
import logging

import psycopg

log = logging.getLogger(__name__)


def fetch_changed(dsn: str, table: str, since: dt.datetime, batch_rows: int):
    """Yield lists of rows (dicts) changed since the watermark, oldest first."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        with conn.cursor(name=f"sync_{table}", row_factory=psycopg.rows.dict_row) as cur:
            cur.execute(
                f"SELECT * FROM {table} WHERE updated_at > %s ORDER BY updated_at",  # noqa: S608 - table from config
                (since,),
            )
            while True:
                rows = cur.fetchmany(batch_rows)
                if not rows:
                    break
                yield [_jsonable(r) for r in rows]


def _jsonable(row: dict) -> dict:
    out = {}
    for k, v in row.items():
        if isinstance(v, (dt.datetime, dt.date)):
            out[k] = v.isoformat()
        elif hasattr(v, "as_tuple"):
            out[k] = str(v)
        else:
            out[k] = v
    return out
