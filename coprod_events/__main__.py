from coprod_events.cli import main

main()
