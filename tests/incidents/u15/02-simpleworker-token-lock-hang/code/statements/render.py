from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from weasyprint import HTML


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("statements"), autoescape=select_autoescape())


def statement_pdf(account: dict, lines: list[dict], period: str) -> bytes:
    html = _env().get_template("statement.html").render(account=account, lines=lines, period=period)
    return HTML(string=html).write_pdf()
