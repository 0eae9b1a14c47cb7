import logging

from fastapi import FastAPI

from .routers import admin, reports

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")

app = FastAPI(title="fleet-reports")
app.include_router(reports.router)
app.include_router(admin.router)


@app.get("/healthz")
def healthz():
    return {"ok": True}
