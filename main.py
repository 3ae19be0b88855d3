from dispatch_console.app import main

raise SystemExit(main())
