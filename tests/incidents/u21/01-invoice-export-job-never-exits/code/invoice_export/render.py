import csv
import io
from decimal import Decimal

COLUMNS = ["invoice_id", "customer_id", "issued_on", "currency", "net", "tax", "gross"]


def to_csv(invoices: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for inv in invoices:
        net = Decimal(str(inv["net"]))
        tax = Decimal(str(inv["tax"]))
        writer.writerow({**inv, "net": f"{net:.2f}", "tax": f"{tax:.2f}", "gross": f"{net + tax:.2f}"})
    return buf.getvalue().encode("utf-8")
