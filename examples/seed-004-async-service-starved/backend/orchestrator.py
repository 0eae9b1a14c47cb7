import logging

from backend import job_state
from backend.agents.research import ResearchAgent
from backend.agents.schema import SchemaAgent

log = logging.getLogger("orchestrator")


async def run_provisioning_workflow(job_id: str, url: str) -> None:
    job_state.log(job_id, "Starting 7-agent pipeline...")
    research = await ResearchAgent().run(url)
    job_state.log(job_id, "Research Agent done")
    schema = await SchemaAgent().run(research)
    job_state.log(job_id, "Schema Agent done")
    log.info("provisioned %s: %d bytes of DDL", url, len(schema["ddl"]))
