from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from . import settings
from .classify import classify
from .logging_setup import setup

setup(settings.LOG_LEVEL)
app = FastAPI(title="review-tagger")


class ReviewIn(BaseModel):
    review_id: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1)


class TagsOut(BaseModel):
    review_id: str
    sentiment: str
    topics: list[str]
    needs_reply: bool


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}


@app.post("/v1/tag", response_model=TagsOut)
async def tag(review: ReviewIn) -> TagsOut:
    try:
        tags = await run_in_threadpool(classify, review.review_id, review.text)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"model answer not parseable: {exc}") from exc
    return TagsOut(review_id=review.review_id, **tags.__dict__)
