import sys

from .subscriber import main

sys.exit(main())
