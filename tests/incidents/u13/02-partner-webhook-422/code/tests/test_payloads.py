from hookshot.payloads import shipment_created

ORDER = {
    "number": "TS-100231",
    "paid_at": "2026-11-30T10:00:00Z",
    "ship_to": {"name": "A. Lind", "line1": "Storgatan 4", "city": "Umeå", "postcode": "903 26", "country": "SE"},
    "parcels": [{"weight_grams": 820, "items": 2}],
}


def test_destination_uses_postal_code():
    body = shipment_created(ORDER, "2026-11")
    assert body["destination"]["postal_code"] == "903 26"
    assert body["destination"]["lines"] == ["Storgatan 4"]


def test_parcels_mapped():
    assert shipment_created(ORDER, "2026-11")["parcels"] == [{"weight_grams": 820, "sku_count": 2}]
