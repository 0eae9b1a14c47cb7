import os

WAREHOUSE_DSN = os.environ["WAREHOUSE_DSN"]
ORDERS_API = os.environ.get("ORDERS_API", "https://orders.internal.brewline.co/api")
BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "2000"))
