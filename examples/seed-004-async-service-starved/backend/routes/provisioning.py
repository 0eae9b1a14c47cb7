import asyncio
import uuid

from fastapi import APIRouter
from pydantic import BaseModel

from backend import job_state
from backend.orchestrator import run_provisioning_workflow

router = APIRouter(prefix="/api/provision")
background_tasks: set[asyncio.Task] = set()


class ProvisionRequest(BaseModel):
    customer_url: str


@router.post("/start")
async def start_default_provision(req: ProvisionRequest):
    job_id = str(uuid.uuid4())
    job_state.create_job(job_id, req.customer_url)
    task = asyncio.create_task(run_provisioning_workflow(job_id, req.customer_url))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return {"job_id": job_id, "status": "started"}


@router.get("/status/{job_id}")
async def provision_status(job_id: str):
    return job_state.JOBS.get(job_id, {"status": "unknown"})
