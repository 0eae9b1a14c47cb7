import logging
import uuid

from fastapi import BackgroundTasks, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field

from app import logging_setup, store
from app.summarize import summarise_transcript

logging_setup.setup()
log = logging.getLogger("scribe.api")

app = FastAPI(title="scribe-summarizer")


class TranscriptIn(BaseModel):
    title: str = Field(max_length=200)
    text: str = Field(min_length=1, max_length=2_000_000)


@app.post("/v1/transcripts", status_code=202)
def submit(body: TranscriptIn, background: BackgroundTasks, x_user_id: str = Header(...)):
    transcript_id = uuid.uuid4().hex[:16]
    store.create(transcript_id, owner=x_user_id, title=body.title, chars=len(body.text))
    background.add_task(summarise_transcript, transcript_id, body.text)
    log.info("transcript accepted", extra={"transcript_id": transcript_id})
    return {"id": transcript_id, "status": "processing"}


@app.get("/v1/transcripts/{transcript_id}")
def status(transcript_id: str, x_user_id: str = Header(...)):
    doc = store.get(transcript_id)
    if doc is None or doc.get("owner") != x_user_id:
        raise HTTPException(status_code=404, detail="not found")
    return {
        "id": transcript_id,
        "status": doc["status"],
        "progress": doc.get("progress", 0.0),
        "summary": doc.get("summary"),
    }


@app.get("/healthz")
def healthz():
    return {"ok": True}
