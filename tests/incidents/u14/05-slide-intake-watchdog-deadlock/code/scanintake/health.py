"""Tiny HTTP endpoint for the load balancer / monitoring probe."""

import asyncio
import logging

log = logging.getLogger("scanintake.health")


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    request_line = await reader.readline()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass
    body = b'{"status":"ok"}'
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    await writer.drain()
    writer.close()
    log.info("%s %s 200", writer.get_extra_info("peername")[0], request_line.decode().strip())


async def serve(port: int) -> asyncio.Server:
    return await asyncio.start_server(_handle, "0.0.0.0", port)
