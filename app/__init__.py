"""The application: start-up, the main window's wiring, the open document, undo commands and the CLI."""
