"""Runs an upstream-style file unchanged, as ``python FILE`` would, and Ctrl+C's it after SECONDS.

``python _run_file.py FILE SECONDS``: shows INFO logs (the runtime's summary lines), sends the
process a real SIGINT after SECONDS, then prints which threads and owned resources outlived
``run()`` as ``LEFT threads=[...] live={...}``.
"""

import logging
import os
import runpy
import signal
import sys
import threading

import streamlib as sl

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
path, seconds = sys.argv[1], float(sys.argv[2])
timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
timer.daemon = True
timer.start()
runpy.run_path(path, run_name="__main__")
threads = sorted(t.name for t in threading.enumerate() if t.name.startswith("streamlib"))
print(f"LEFT threads={threads} live={sl.live_counts()}", flush=True)
