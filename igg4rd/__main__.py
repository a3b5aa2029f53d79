import sys

from igg4rd.cli import main

sys.exit(main())
