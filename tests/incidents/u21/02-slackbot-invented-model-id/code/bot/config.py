import os

SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]
SLACK_APP_TOKEN = os.environ["SLACK_APP_TOKEN"]

ANTHROPIC_MODEL = "claude-sonnet-4-7"
MAX_TOKENS = 1024
HISTORY_MESSAGES = 12

SYSTEM_PROMPT = (
    "You are Helm, the internal helpdesk assistant for the platform team at Northwind. "
    "Answer questions about our deploy pipeline, on-call process and internal tools. "
    "Be brief; use Slack mrkdwn. If you do not know, say so and suggest #platform-help."
)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
