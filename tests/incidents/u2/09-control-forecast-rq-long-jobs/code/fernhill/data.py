import os

import pandas as pd
import sqlalchemy as sa

ENGINE = sa.create_engine(os.environ.get("WAREHOUSE_URL", "postgresql+psycopg://fernhill@warehouse/fernhill"),
                          pool_pre_ping=True)


def load_sales(store_id: int, days: int = 730) -> pd.DataFrame:
    q = sa.text("select day, sku, units from daily_sales where store_id = :s and day >= current_date - :d")
    return pd.read_sql(q, ENGINE, params={"s": store_id, "d": days}, parse_dates=["day"])


def write_forecast(store_id: int, df: pd.DataFrame) -> None:
    with ENGINE.begin() as conn:
        conn.execute(sa.text("delete from store_forecasts where store_id = :s"), {"s": store_id})
        df.assign(store_id=store_id).to_sql("store_forecasts", conn, if_exists="append", index=False)
