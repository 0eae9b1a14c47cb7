"""Tiny Prometheus text endpoint (scraped every 30 s)."""

from __future__ import annotations

from aiohttp import web

from .bridge import Bridge


def make_app(bridge: Bridge) -> web.Application:
    async def metrics(request: web.Request) -> web.Response:
        lines = [
            "# TYPE glasshouse_messages_total counter",
            f"glasshouse_messages_total {bridge.counters['messages']}",
            "# TYPE glasshouse_vent_commands_total counter",
            f"glasshouse_vent_commands_total {bridge.counters['vent_commands']}",
            "# TYPE glasshouse_bad_payloads_total counter",
            f"glasshouse_bad_payloads_total {bridge.counters['bad_payloads']}",
        ]
        for name, zone in bridge.zones.items():
            if zone.temp_c is not None:
                lines.append(f'glasshouse_zone_temp_celsius{{zone="{name}"}} {zone.temp_c}')
        return web.Response(text="\n".join(lines) + "\n")

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    return app
