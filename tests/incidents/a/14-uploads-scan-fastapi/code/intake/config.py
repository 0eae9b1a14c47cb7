import os

SCANNER_URL = os.environ.get("SCANNER_URL", "http://scanner.internal:9000")
PUBLIC_URL = os.environ.get("PUBLIC_URL", "https://intake.docvault.example")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://intake@10.9.0.4/intake")
