import logging
import tomllib
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, Field

from clauses.llm import ClauseExplainer
from clauses.logconfig import setup_logging
from clauses.settings import get_settings

log = logging.getLogger("clauses.api")


class ExplainRequest(BaseModel):
    clause: str = Field(min_length=20)
    jurisdiction: str | None = None


class ExplainResponse(BaseModel):
    request_id: str
    explanation: str
    model: str
    truncated: bool


@asynccontextmanager
async def lifespan(app: FastAPI):
    setup_logging()
    settings = get_settings()
    with open(settings.prompts_path, "rb") as fh:
        prompts = tomllib.load(fh)
    app.state.explainer = ClauseExplainer(settings, prompts)
    log.info("ready", extra={"fields": {"model": settings.anthropic_model}})
    yield
    await app.state.explainer.close()


app = FastAPI(title="clause-explainer", lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/v1/explain", response_model=ExplainResponse)
async def explain(body: ExplainRequest, request: Request):
    settings = get_settings()
    if len(body.clause) > settings.max_clause_chars:
        raise HTTPException(status_code=413, detail="clause too long")
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    result = await request.app.state.explainer.explain(body.clause, body.jurisdiction, request_id)
    return ExplainResponse(
        request_id=request_id,
        explanation=result["explanation"],
        model=result["model"],
        truncated=result["stop_reason"] == "max_tokens",
    )
