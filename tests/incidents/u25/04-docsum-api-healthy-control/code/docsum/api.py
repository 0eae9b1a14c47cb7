import asyncio
import logging
import uuid

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field
from rq.exceptions import NoSuchJobError
from rq.job import Job

from . import __version__
from .jobs import summarize_document
from .llm import summarize_short
from .queueing import summary_queue
from .settings import get_settings

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("docsum")

app = FastAPI(title="docsum", version=__version__)


class SummaryRequest(BaseModel):
    text: str = Field(min_length=1)
    style: str = Field(default="paragraph", pattern="^(paragraph|bullets)$")


@app.get("/healthz")
async def healthz():
    return {"ok": True, "version": __version__}


@app.post("/v1/summaries")
async def create_summary(req: SummaryRequest):
    s = get_settings()
    text = req.text
    if len(text) > s.max_input_chars:
        log.warning("input of %d chars truncated to %d", len(text), s.max_input_chars)
        text = text[: s.max_input_chars]
    if len(text) <= s.short_limit_chars:
        summary = await summarize_short(text, req.style)
        return {"status": "done", "summary": summary}

    doc_id = uuid.uuid4().hex
    job = await asyncio.to_thread(
        summary_queue().enqueue,
        summarize_document,
        doc_id,
        text,
        req.style,
        job_timeout=s.long_job_timeout,
        result_ttl=24 * 3600,
        failure_ttl=7 * 24 * 3600,
    )
    log.info("queued long summary %s (%d chars) as job %s", doc_id, len(text), job.id)
    return {"status": "queued", "job_id": job.id}


@app.get("/v1/summaries/{job_id}")
async def get_summary(job_id: str):
    queue = summary_queue()
    try:
        job = await asyncio.to_thread(Job.fetch, job_id, connection=queue.connection)
    except NoSuchJobError:
        raise HTTPException(status_code=404, detail="unknown job")
    status = await asyncio.to_thread(job.get_status)
    if status == "finished":
        return {"status": "done", "summary": job.return_value()["summary"]}
    if status == "failed":
        return {"status": "failed"}
    return {"status": "pending"}
