import logging

from fastapi import FastAPI, HTTPException

from tripnotes import bookings, config, llm

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("tripnotes")

app = FastAPI(title="tripnotes")


@app.on_event("startup")
def announce() -> None:
    log.info("tripnotes ready: model=%s region=%s", config.CLAUDE_MODEL, config.VERTEX_REGION)


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}


@app.post("/bookings/{booking_ref}/summary")
def summary(booking_ref: str) -> dict:
    notes = bookings.agent_notes(booking_ref)
    if not notes:
        raise HTTPException(status_code=404, detail="no notes")
    return {"booking_ref": booking_ref, "summary": llm.summarise(booking_ref, notes)}
