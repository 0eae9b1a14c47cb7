import os

os.environ.setdefault("CATALOG_DATABASE_URL", "sqlite://")
