from weasyprint import HTML
from jinja2 import Environment, PackageLoader

env = Environment(loader=PackageLoader("app", "templates"))


def invoice_pdf(invoice: dict) -> bytes:
    html = env.get_template("invoice.html").render(invoice=invoice)
    return HTML(string=html).write_pdf()
