import os
from pathlib import Path

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
WORK_ROOT = Path(os.environ.get("SKYPLOT_WORK_ROOT", "/srv/skyplot/projects"))
PIPELINE_BIN = os.environ.get("SKYPLOT_PIPELINE_BIN", "/opt/odm/run.sh")
OUTPUT_BUCKET = os.environ.get("SKYPLOT_OUTPUT_BUCKET", "gs://skyplot-deliverables")
JOB_TIMEOUT = int(os.environ.get("SKYPLOT_JOB_TIMEOUT", "900"))
RETRY_INTERVALS = [int(x) for x in os.environ.get("SKYPLOT_RETRY_INTERVALS", "60,180,600").split(",")]
