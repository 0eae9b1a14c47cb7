import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://ledger@127.0.0.1/ledger")
QUEUE_NAME = os.environ.get("LEDGER_QUEUE", "ledger")
PARTITIONS = int(os.environ.get("LEDGER_PARTITIONS", "8"))
AMOUNT_TOLERANCE_CENTS = int(os.environ.get("LEDGER_AMOUNT_TOLERANCE_CENTS", "2"))
SETTLEMENT_WINDOW_DAYS = int(os.environ.get("LEDGER_SETTLEMENT_WINDOW_DAYS", "3"))
