import logging


def configure() -> None:
    h = logging.StreamHandler()
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    lg = logging.getLogger("fernhill")
    lg.addHandler(h)
    lg.setLevel(logging.INFO)
    lg.propagate = False
