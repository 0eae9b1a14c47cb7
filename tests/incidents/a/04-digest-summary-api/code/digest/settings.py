import os

ANTHROPIC_API_KEY = os.environ.get("ANTHROPIC_API_KEY", "")
SUMMARY_MODEL = os.environ.get("SUMMARY_MODEL", "claude-3-5-sonnet-20240620")
SUMMARY_MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "600"))
ARTICLE_BUCKET = os.environ.get("ARTICLE_BUCKET", "newsroom-articles")
