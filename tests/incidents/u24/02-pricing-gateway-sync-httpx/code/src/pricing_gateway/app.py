import contextlib

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

from .pricing_client import inventory, pricing
from .quotes import price, quote
from .timing import TimingMiddleware


async def healthz(request):
    return JSONResponse({"status": "ok"})


@contextlib.asynccontextmanager
async def lifespan(app):
    yield
    pricing.close()
    inventory.close()


app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/v1/quote", quote, methods=["POST"]),
        Route("/v1/prices/{sku}", price),
    ],
    middleware=[Middleware(TimingMiddleware)],
    lifespan=lifespan,
)
