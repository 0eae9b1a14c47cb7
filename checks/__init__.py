"""Built-in checks, one module per family, registered via the ``opsdoc.checks`` entry points."""
