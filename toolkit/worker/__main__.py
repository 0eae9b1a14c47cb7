"""``python -m opsdoc.worker run ...``: the worker without the rest of opsdoc's CLI."""

if __name__ == "__main__":
    from opsdoc.worker._main import main

    raise SystemExit(main())
