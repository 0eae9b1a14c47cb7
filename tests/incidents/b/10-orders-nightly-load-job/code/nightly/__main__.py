import logging

from .extract import orders_since
from .warehouse import load_orders

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")


def main() -> None:
    total = 0
    for batch in orders_since(None):
        total += load_orders(batch)
    logging.info("loaded %d orders", total)


if __name__ == "__main__":
    main()
