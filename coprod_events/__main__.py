from coprod_events.launch import main

main()
