"""Survey processing jobs, executed by `rq worker high default` on the render VMs."""
import json
import logging
import shutil
import subprocess
import time

from rq import get_current_job

from . import settings

log = logging.getLogger(__name__)


def _workdir(survey_id: str):
    path = settings.WORK_ROOT / survey_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def process_survey(survey_id: str, quality: str = "medium") -> dict:
    """Stitch the drone images of one survey into an orthomosaic + DSM and publish them."""
    job = get_current_job()
    workdir = _workdir(survey_id)
    started = time.monotonic()
    cmd = [settings.PIPELINE_BIN, "--project-path", str(workdir), "--quality", quality,
           "--publish", f"{settings.OUTPUT_BUCKET}/{survey_id}/"]
    # the pipeline finishes well inside the job timeout; give it a little less so rq's own
    # timeout never has to kill the horse
    subprocess.run(cmd, check=True, timeout=settings.JOB_TIMEOUT - 60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    report = json.loads((workdir / "report.json").read_text())
    shutil.rmtree(workdir / "tmp", ignore_errors=True)
    if job is not None:
        job.meta["seconds"] = round(time.monotonic() - started, 1)
        job.save_meta()
    return {"survey_id": survey_id, "tiles": report.get("tiles"), "gsd_cm": report.get("gsd_cm")}
