import logging

from fastapi import FastAPI

from backend.api.routers import episodes, tasks

logging.basicConfig(level=logging.INFO)

app = FastAPI(title="podcast-api")
app.include_router(episodes.router, prefix="/api/episodes")
app.include_router(tasks.router, prefix="/api/tasks")


@app.get("/healthz")
def healthz():
    return {"ok": True}
