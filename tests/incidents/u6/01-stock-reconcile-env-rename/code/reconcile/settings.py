"""Runtime configuration, read once from the environment.

Cloud Run injects the secrets as plain environment variables (see deploy/job.yaml).
"""
import os

WAREHOUSE_DSN = os.environ["WAREHOUSE_DSN"]

STORE_ID = os.getenv("STORE_ID", "eu-main")
BATCH_SIZE = int(os.getenv("RECONCILE_BATCH_SIZE", "500"))
LOOKBACK_HOURS = int(os.getenv("RECONCILE_LOOKBACK_HOURS", "26"))
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")

# Cloud Run Jobs contract
TASK_INDEX = int(os.getenv("CLOUD_RUN_TASK_INDEX", "0"))
TASK_ATTEMPT = int(os.getenv("CLOUD_RUN_TASK_ATTEMPT", "0"))
