from crmsync.warehouse import to_row


def test_to_row_normalises_email():
    row = to_row({"id": "101", "properties": {"email": "  Ada@Example.COM ", "firstname": "Ada"}})
    assert row["email"] == "ada@example.com"
    assert row["first_name"] == "Ada"
    assert row["archived"] is False


def test_to_row_empty_email_is_none():
    row = to_row({"id": "7", "properties": {"email": ""}, "archived": True})
    assert row["email"] is None
    assert row["archived"] is True
