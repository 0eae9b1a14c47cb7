import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
LEDGER_API = os.environ.get("LEDGER_API", "https://api.ledgerhub.example/v3")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://brightledger@db/brightledger")
