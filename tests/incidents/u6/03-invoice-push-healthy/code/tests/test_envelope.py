import base64
import json

from invoicer.envelope import PushEnvelope


def test_payload_decodes_base64_json():
    data = base64.b64encode(json.dumps({"order_id": "ORD-1"}).encode()).decode()
    env = PushEnvelope.model_validate(
        {
            "message": {"data": data, "attributes": {"event_type": "order.completed"},
                        "messageId": "1", "publishTime": "2026-11-23T10:00:00Z"},
            "subscription": "projects/p/subscriptions/s",
        }
    )
    assert env.payload() == {"order_id": "ORD-1"}
