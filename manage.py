#!/usr/bin/env python
from peerwork.cli import main

if __name__ == "__main__":
    main()
