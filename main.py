from dispatch_console.__main__ import run

run()
