import logging

log = logging.getLogger("supportchat.transcripts")


class TranscriptStore:
    """Writes finished conversations to Postgres for the agents' console."""

    def __init__(self, pool=None):
        self.pool = pool

    async def save(self, conversation_id, question, answer, usage):
        if self.pool is None:
            log.debug("no database configured; transcript dropped", extra={"conversation_id": conversation_id})
            return
        async with self.pool.acquire() as conn:
            await conn.execute(
                "INSERT INTO chat_turns (conversation_id, question, answer, input_tokens, output_tokens) VALUES ($1, $2, $3, $4, $5)",
                conversation_id, question, answer, usage.get("input_tokens", 0), usage.get("output_tokens", 0),
            )
        log.info("transcript saved", extra={"conversation_id": conversation_id})
