import os

BQ_PROJECT = os.environ.get("BQ_PROJECT", "northwind-analytics")
BQ_DATASET = os.environ.get("BQ_DATASET", "ops_warehouse")
BQ_LOCATION = os.environ.get("BQ_LOCATION", "EU")
SOURCE_DSN = os.environ.get("SOURCE_DSN", "")
TABLES = [t for t in os.environ.get("SYNC_TABLES", "orders,order_lines,customers,shipments").split(",") if t]
BATCH_ROWS = int(os.environ.get("BATCH_ROWS", "5000"))
