"""python -m extract.topics list | check NAME | explain NAME ARTICLE (see extract/topic/command.py)."""
import sys

from .topic.command import main

if __name__ == "__main__":
    sys.exit(main())
