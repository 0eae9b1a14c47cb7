"""``python -m opsdoc``."""

if __name__ == "__main__":
    from opsdoc.cli import main

    raise SystemExit(main())
