from report_builder.ledger import monthly_figures
from report_builder.pdf import render


def test_monthly_figures_split_income_and_expenses():
    figures = monthly_figures(
        [
            {"amount": 1200, "category": "sales"},
            {"amount": -300.5, "category": "rent"},
            {"amount": -45, "category": None},
        ]
    )
    assert figures["income"] == "1200"
    assert figures["expenses"] == "345.5"
    assert figures["net"] == "854.5"
    assert list(figures["top_expense_categories"]) == ["rent", "uncategorised"]


def test_render_produces_a_pdf():
    data = render("Acme - 2026-10", "Revenue grew (slightly).")
    assert data.startswith(b"%PDF-1.4")
    assert data.rstrip().endswith(b"%%EOF")
