from redis import Redis

from ledgerly import settings

redis_conn = Redis.from_url(settings.REDIS_URL)
