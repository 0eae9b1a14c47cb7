import base64
import json

from pydantic import BaseModel


class PushMessage(BaseModel):
    data: str = ""
    attributes: dict[str, str] = {}
    messageId: str
    publishTime: str
    deliveryAttempt: int | None = None


class PushEnvelope(BaseModel):
    message: PushMessage
    subscription: str
    deliveryAttempt: int | None = None

    def payload(self) -> dict:
        return json.loads(base64.b64decode(self.message.data or b"e30="))
