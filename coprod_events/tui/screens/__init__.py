"""The app's full screens, one per module; none imports another (CoprodApp.open_* goes between them)."""
