"""Qt widgets and the diagram: they read the graph and emit intents; they never write the map."""
