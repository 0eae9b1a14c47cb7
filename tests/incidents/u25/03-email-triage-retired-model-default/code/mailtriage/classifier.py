import json
import logging

import anthropic

from . import config

log = logging.getLogger(__name__)

CATEGORIES = ["billing", "bug", "account_access", "feature_request", "shipping", "other"]
PRIORITIES = ["low", "normal", "high", "urgent"]

SYSTEM = (
    "You triage customer support emails for Acme. Reply with a JSON object only: "
    '{"category": one of ' + json.dumps(CATEGORIES) + ', "priority": one of ' + json.dumps(PRIORITIES) + "}. "
    "Urgent means money lost or the customer cannot log in at all."
)


class Classifier:
    def __init__(self, client=None, model=config.TRIAGE_MODEL):
        self.client = client or anthropic.Anthropic(max_retries=4)
        self.model = model

    def classify(self, ticket):
        message = self.client.messages.create(
            model=self.model,
            max_tokens=100,
            system=SYSTEM,
            messages=[{"role": "user", "content": f"Subject: {ticket.subject}\n\n{ticket.description[:6000]}"}],
        )
        text = message.content[0].text.strip()
        try:
            result = json.loads(text[text.index("{"): text.rindex("}") + 1])
        except ValueError:
            log.warning("ticket %s: unparseable answer %r", ticket.id, text[:200])
            return "other", "normal"
        category = result.get("category") if result.get("category") in CATEGORIES else "other"
        priority = result.get("priority") if result.get("priority") in PRIORITIES else "normal"
        return category, priority
