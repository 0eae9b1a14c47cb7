from invoicer import render
from invoicer.orders import Line, Order


def test_invoice_pdf_without_images(monkeypatch):
    monkeypatch.setattr(render, "_product_image", lambda client, image: None)
    order = Order("MV-1", "A Buyer", "a@example.com", ["1 High St", "Bath"], [Line("S1", "Oak stool", 2, 8900, "s1.png")], 1500)
    pdf = render.invoice_pdf(order)
    assert pdf.startswith(b"%PDF")
    assert order.total_pence == 19300
