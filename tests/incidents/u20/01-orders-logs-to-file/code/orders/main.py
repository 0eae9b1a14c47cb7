import logging

from fastapi import FastAPI

from orders import __version__
from orders.api.routes import router
from orders.settings import configure_logging, get_settings

configure_logging(get_settings())
logger = logging.getLogger(__name__)

app = FastAPI(title="orders", version=__version__)
app.include_router(router)


@app.on_event("startup")
async def startup() -> None:
    logger.info("orders %s starting, project=%s", __version__, get_settings().project_id)


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}
