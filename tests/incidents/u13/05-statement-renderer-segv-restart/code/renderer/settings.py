import os

TASK_INDEX = int(os.environ.get("CLOUD_RUN_TASK_INDEX", "0"))
TASK_COUNT = int(os.environ.get("CLOUD_RUN_TASK_COUNT", "1"))
TASK_ATTEMPT = int(os.environ.get("CLOUD_RUN_TASK_ATTEMPT", "0"))
STATEMENT_MONTH = os.environ.get("STATEMENT_MONTH", "")
OUTPUT_BUCKET = os.environ.get("OUTPUT_BUCKET", "copperleaf-statements")
RENDER_THREADS = int(os.environ.get("RENDER_THREADS", "4"))
PREVIEW_DPI = int(os.environ.get("PREVIEW_DPI", "72"))
SEND_EMAILS = os.environ.get("SEND_EMAILS", "true").lower() == "true"
