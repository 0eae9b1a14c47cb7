import logging
import time

import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from .data import load_sales, write_forecast

log = logging.getLogger("fernhill.tasks")


def rebuild_store_forecast(store_id: int, horizon_days: int = 28) -> dict:
    t0 = time.monotonic()
    sales = load_sales(store_id)
    log.info("store=%s stage=load_sales elapsed=%.0fs", store_id, time.monotonic() - t0)
    models = {}
    for sku, g in sales.groupby("sku"):
        series = g.set_index("day")["units"].asfreq("D", fill_value=0)
        models[sku] = ExponentialSmoothing(series, trend="add", seasonal="add", seasonal_periods=7).fit()
    log.info("store=%s stage=fit elapsed=%.0fs", store_id, time.monotonic() - t0)
    frames = [pd.DataFrame({"sku": sku, "day": m.forecast(horizon_days).index,
                            "units": m.forecast(horizon_days).clip(lower=0).values})
              for sku, m in models.items()]
    out = pd.concat(frames, ignore_index=True)
    log.info("store=%s stage=score elapsed=%.0fs", store_id, time.monotonic() - t0)
    write_forecast(store_id, out)
    log.info("store=%s stage=write elapsed=%.0fs", store_id, time.monotonic() - t0)
    return {"store": store_id, "seconds": round(time.monotonic() - t0, 1)}
