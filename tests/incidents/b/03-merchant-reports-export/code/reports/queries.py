ORDERS_PAGE = """
SELECT o.id, o.placed_at, o.customer_id, c.email, o.total_cents, o.currency, o.status
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.merchant_id = %(merchant)s AND o.placed_at >= %(since)s AND o.id > %(after)s
ORDER BY o.id
LIMIT %(limit)s
"""

LINE_ITEMS = """
SELECT order_id, sku, qty, unit_cents FROM order_lines WHERE order_id = %(order_id)s
"""
