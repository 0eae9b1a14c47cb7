import csv
import io

HEADER = ["invoice_id", "number", "issued_on", "customer", "net", "tax", "gross", "currency"]


def write_rows(writer, rows) -> int:
    for inv_id, number, issued_on, customer, net, tax, currency in rows:
        writer.writerow([inv_id, number, issued_on.isoformat(), customer,
                         f"{net / 100:.2f}", f"{tax / 100:.2f}", f"{(net + tax) / 100:.2f}", currency])
    return len(rows)


def new_buffer():
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    return buf, w
