from fastapi import FastAPI

from backend.logging_setup import configure_logging
from backend.routes import provisioning

configure_logging()

app = FastAPI(title="capi-demo")
app.include_router(provisioning.router)


@app.get("/")
async def root():
    return {"service": "capi-demo"}
