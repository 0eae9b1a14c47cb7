from dataclasses import dataclass
from datetime import date

from jinja2 import Environment, PackageLoader, select_autoescape

env = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(["html"]),
)


@dataclass
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"


def quarter(year: int, q: int) -> Period:
    first_month = 3 * (q - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return Period(start, end)


def render_html(template: str, **context) -> str:
    return env.get_template(template).render(**context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
