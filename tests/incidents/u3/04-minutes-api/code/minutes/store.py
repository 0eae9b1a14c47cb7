import asyncpg


class NoteStore:
    def __init__(self, dsn: str):
        self._dsn = dsn
        self._pool = None

    async def open(self):
        self._pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=5)

    async def close(self):
        if self._pool is not None:
            await self._pool.close()

    async def ping(self):
        await self._pool.fetchval("SELECT 1")

    async def list_notes(self, team_id: int, limit: int = 50):
        rows = await self._pool.fetch(
            "SELECT id, title, held_at, summary IS NOT NULL AS summarised "
            "FROM notes WHERE team_id = $1 ORDER BY held_at DESC LIMIT $2",
            team_id, limit,
        )
        return [dict(r) for r in rows]

    async def get_note(self, note_id: int):
        row = await self._pool.fetchrow(
            "SELECT id, team_id, title, held_at, transcript, summary FROM notes WHERE id = $1", note_id
        )
        return dict(row) if row else None

    async def save_summary(self, note_id: int, summary: str):
        await self._pool.execute(
            "UPDATE notes SET summary = $2, summarised_at = now() WHERE id = $1", note_id, summary
        )
