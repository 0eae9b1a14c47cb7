TEMPLATES = {
    "out_for_delivery": ("sms", "shipment-out-for-delivery-v3"),
    "delivered": ("email", "shipment-delivered-v5"),
    "delivery_failed": ("sms", "shipment-delivery-failed-v2"),
    "ready_for_pickup": ("sms", "shipment-pickup-ready-v2"),
}


def pick(status: str):
    return TEMPLATES.get(status)
